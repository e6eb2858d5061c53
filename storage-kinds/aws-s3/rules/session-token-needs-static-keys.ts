import type { StorageConfigRule } from "../../../vocabulary/storage-kind";
import type { AwsS3Storage } from "../schema";

/** A session token completes static keys; with any other credentials it would be passed to nobody. */
export const sessionTokenNeedsStaticKeys: StorageConfigRule<AwsS3Storage> = {
  id: "session-token-needs-static-keys",
  stage: "config",
  level: "error",
  doc: {
    finds: '`storage.sessionToken: true` with `credentials` other than `"terraformVariables"`',
    prevents: "a setting silently ignored: the token would reach no one",
    fix: '`credentials: "terraformVariables"`, or drop `sessionToken`',
    source: "constructs/storage/aws-s3.ts",
  },
  cannotAcknowledge: "the file contradicts itself: the token belongs to keys it does not use",

  check(storage) {
    if (!storage.sessionToken || storage.credentials === "terraformVariables") return [];
    return [
      {
        path: "storage.sessionToken",
        info: `is true but credentials is "${storage.credentials}": a session token belongs to static credentials`,
        fix: 'use credentials "terraformVariables", or drop sessionToken',
      },
    ];
  },
};
