import { BUCKET_PURPOSES } from "../../constructs/domain";
import type { ConfigRule } from "./rule";

/** Five bucket names, or one prefix they are derived from: exactly one of the two. */
export const bucketChoice: ConfigRule = {
  id: "bucket-choice",
  stage: "config",
  level: "error",
  doc: {
    finds: "an `AwsS3` or `CephViaGateway` storage with both `buckets` and `bucketPrefix`, or with neither",
    prevents: "without all five buckets: `Warning: Some AWS/S3 environment variables are missing. Falling back to local storage.`",
    fix: "give `buckets` (all five) or `bucketPrefix`",
    source: "self-hosted/docker-build/run_backend.sh:35-53 at a9a760ca",
  },
  cannotAcknowledge: "the buckets cannot be derived until the file says one thing",

  check(config) {
    const storage = config.storage;
    if (storage.kind !== "AwsS3" && storage.kind !== "CephViaGateway") return [];
    // A blank prefix still counts as given: rule s3-settings-complete explains it.
    if (storage.buckets && storage.bucketPrefix !== undefined) {
      return [{ path: "storage.bucketPrefix", info: "is set next to buckets", fix: "keep one of the two (bucketPrefix derives <prefix>-exports, <prefix>-files, ...)" }];
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
