import type { StorageConfigRule } from "../../../../vocabulary/storage-kind";
import type { S3BucketsStorage } from "../storage";

/** Versioning is a setting of the buckets this stack creates; on buckets it only uses, it would be ignored. */
export const versioningNeedsProvisioning: StorageConfigRule<S3BucketsStorage> = {
  id: "versioning-needs-provisioning",
  stage: "config",
  level: "error",
  doc: {
    finds: "`storage.versioning: true` without `storage.provisionBuckets: true`",
    prevents: "a setting silently ignored: versioning set nowhere",
    fix: "`provisionBuckets: true`, or turn versioning on at the store yourself",
    source: "constructs/storage/s3-buckets.ts",
  },
  cannotAcknowledge: "the file contradicts itself: it asks for versioning on buckets this stack never touches",

  check(storage) {
    if (!storage.versioning || storage.provisionBuckets) return [];
    return [
      {
        path: "storage.versioning",
        info: "is true but provisionBuckets is false: versioning is set only on buckets this stack creates",
        fix: "set provisionBuckets: true, or turn versioning on at the store yourself",
      },
    ];
  },
};
