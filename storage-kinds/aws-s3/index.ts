import { bucketsOf } from "../../constructs/domain";
import { s3ServiceIdentity } from "../shared/s3-service";
import type { StorageKind } from "../../vocabulary/storage-kind";
import { bucketChoice } from "../shared/s3-buckets/rules/bucket-choice";
import { bucketsDistinct } from "../shared/s3-buckets/rules/buckets-distinct";
import { rangePrefetchReadByRevision } from "../shared/s3-buckets/rules/range-prefetch-read-by-revision";
import { s3SettingsComplete } from "../shared/s3-buckets/rules/s3-settings-complete";
import { versioningNeedsProvisioning } from "../shared/s3-buckets/rules/versioning-needs-provisioning";
import { backendBucketUses, backendFingerprint } from "../shared/s3-buckets/storage";
import { entrypointStartsS3 } from "./rules/entrypoint-starts-s3";
import { iamUserNeedsProvisioning } from "./rules/iam-user-needs-provisioning";
import { sessionTokenExpires } from "./rules/session-token-expires";
import { sessionTokenNeedsStaticKeys } from "./rules/session-token-needs-static-keys";
import { type AwsS3Storage, awsS3Schema } from "./schema";

/** AWS_S3_DISABLE_SSE and AWS_S3_DISABLE_CHECKSUMS exist from this date (https://github.com/get-convex/convex-backend/pull/198). */
const S3_SWITCHES_SINCE = "2025-09-03";

/** Real AWS S3: five buckets, the backend's defaults (SSE and checksums on), optionally created with an IAM policy. */
export const awsS3: StorageKind<AwsS3Storage> = {
  kind: "AwsS3",
  schema: awsS3Schema,
  buckets: bucketsOf,
  fingerprint: (storage) => backendFingerprint(storage, undefined),
  bucketUses: (storage, ws) => backendBucketUses(storage, ws, s3ServiceIdentity("AwsS3", undefined)),

  imageRequirement(storage) {
    const off = [
      !storage.serverSideEncryption && {
        field: "storage.serverSideEncryption",
        variable: "AWS_S3_DISABLE_SSE",
        what: "server-side encryption",
      },
      !storage.checksums && { field: "storage.checksums", variable: "AWS_S3_DISABLE_CHECKSUMS", what: "checksums" },
    ].filter((switchOff) => switchOff !== false);
    if (off.length === 0) return undefined;
    return {
      since: S3_SWITCHES_SINCE,
      why:
        `${off.map((o) => o.field).join(" and ")} false emits ${off.map((o) => `${o.variable}=true`).join(" and ")}, ` +
        `which backends older than that do not read: they would silently keep ${off.map((o) => o.what).join(" and ")} on`,
    };
  },

  rules: [
    bucketChoice,
    versioningNeedsProvisioning,
    iamUserNeedsProvisioning,
    sessionTokenNeedsStaticKeys,
    entrypointStartsS3,
    rangePrefetchReadByRevision,
    s3SettingsComplete,
    bucketsDistinct,
    sessionTokenExpires,
  ],

  strategy(storage, { secrets, library }) {
    return new library.AwsS3({
      region: storage.region,
      buckets: storage.buckets,
      bucketPrefix: storage.bucketPrefix,
      serverSideEncryption: storage.serverSideEncryption,
      checksums: storage.checksums,
      rangePrefetch: storage.rangePrefetch,
      credentials:
        storage.credentials === "terraformVariables"
          ? {
              accessKeyId: secrets.get("storage_access_key_id"),
              secretAccessKey: secrets.get("storage_secret_access_key"),
              sessionToken: storage.sessionToken ? secrets.get("storage_session_token") : undefined,
            }
          : storage.credentials,
      provisionBuckets: storage.provisionBuckets,
      versioning: storage.versioning,
    });
  },

  // Loaded on first use: the doctor's checks load the AWS SDK, which validate and synthesis never need.
  doctor: (storage, context) =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- import() would make the kind's loading async
    (require("./doctor") as typeof import("./doctor")).awsS3Checks(storage, context),
};
