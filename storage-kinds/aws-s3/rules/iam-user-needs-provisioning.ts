import type { StorageConfigRule } from "../../../vocabulary/storage-kind";
import type { AwsS3Storage } from "../schema";

/** The provisioned IAM user is created with the buckets and holds their policy. */
export const iamUserNeedsProvisioning: StorageConfigRule<AwsS3Storage> = {
  id: "iam-user-needs-provisioning",
  stage: "config",
  level: "error",
  doc: {
    finds: '`storage.credentials: "provisionedIamUser"` without `storage.provisionBuckets: true`',
    prevents: "a backend without credentials: the user it would get is never created",
    fix: '`provisionBuckets: true`, or `credentials` `"terraformVariables"` / `"sdkDefaultChain"`',
    source: "constructs/storage/aws-s3.ts",
  },
  cannotAcknowledge: "the file contradicts itself: the backend's credentials would not exist",

  check(storage) {
    if (storage.credentials !== "provisionedIamUser" || storage.provisionBuckets) return [];
    return [
      {
        path: "storage.credentials",
        info: 'is "provisionedIamUser" but provisionBuckets is false: the user is created with the buckets',
        fix: 'set provisionBuckets: true, or use "terraformVariables" / "sdkDefaultChain"',
      },
    ];
  },
};
