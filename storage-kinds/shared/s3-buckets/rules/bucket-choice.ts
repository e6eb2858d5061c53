import { BUCKET_PURPOSES } from "../../../../constructs/domain";
import type { StorageConfigRule } from "../../../../vocabulary/storage-kind";
import type { S3BucketsStorage } from "../storage";

/** Five bucket names, or one prefix they are derived from: exactly one of the two. */
export const bucketChoice: StorageConfigRule<S3BucketsStorage> = {
  id: "bucket-choice",
  stage: "config",
  level: "error",
  doc: {
    finds: "both `storage.buckets` and `storage.bucketPrefix`, or neither",
    prevents:
      "without all five buckets: `Warning: Some AWS/S3 environment variables are missing. Falling back to local storage.`",
    fix: "give `buckets` (all five) or `bucketPrefix`",
    source: "self-hosted/docker-build/run_backend.sh:35-53 at a9a760ca",
  },
  cannotAcknowledge: "the buckets cannot be derived until the file says one thing",

  check(storage) {
    // A blank prefix still counts as given: rule s3-settings-complete explains it.
    if (storage.buckets && storage.bucketPrefix !== undefined) {
      return [
        {
          path: "storage.bucketPrefix",
          info: "is set next to buckets",
          fix: "keep one of the two (bucketPrefix derives <prefix>-exports, <prefix>-files, ...)",
        },
      ];
    }
    if (storage.buckets || storage.bucketPrefix !== undefined) return [];
    return [
      {
        path: "storage.buckets",
        info: `is required for ${storage.kind}: without all five buckets the backend silently falls back to local storage`,
        fix: `give buckets {${BUCKET_PURPOSES.join(", ")}} or one bucketPrefix`,
      },
    ];
  },
};
