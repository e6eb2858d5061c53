import { BUCKET_PURPOSES, type Buckets, bucketsOf, s3Location } from "../../../constructs/domain";
import type { ResolvedWorkspace } from "../../../vocabulary/resolved-workspace";
import type { StorageConfig } from "../../../vocabulary/workspace-schema";
import type { BackendBucket, StorageFingerprint } from "../../../vocabulary/storage-kind";

/** A `storage` block of AwsS3 or CephViaGateway, as far as the two share it (./schema.ts). */
export interface S3BucketsStorage extends StorageConfig {
  readonly region: string;
  readonly buckets?: Buckets;
  readonly bucketPrefix?: string;
  readonly serverSideEncryption: boolean;
  readonly checksums: boolean;
  readonly rangePrefetch: boolean;
  readonly provisionBuckets: boolean;
  readonly versioning: boolean;
}

/** The five buckets as bucket uses on `service`, with the field each comes from. */
export function backendBucketUses(storage: S3BucketsStorage, ws: ResolvedWorkspace, service: string): BackendBucket[] {
  const buckets = ws.buckets ?? bucketsOf(storage);
  return BUCKET_PURPOSES.map((purpose) =>
    storage.buckets
      ? {
          use: "backend",
          purpose,
          service,
          path: `storage.buckets.${purpose}`,
          bucket: buckets[purpose],
          given: storage.buckets[purpose],
          derived: false,
        }
      : {
          use: "backend",
          purpose,
          service,
          path: "storage.bucketPrefix",
          bucket: buckets[purpose],
          given: storage.bucketPrefix ?? "",
          derived: true,
        },
  );
}

/** S3 storage at `endpoint` (undefined: AWS S3), as the backend records it on the volume. */
export function backendFingerprint(storage: S3BucketsStorage, endpoint: string | undefined): StorageFingerprint {
  return {
    mode: "s3",
    location: s3Location({
      endpoint,
      region: storage.region,
      buckets: storage.buckets,
      bucketPrefix: storage.bucketPrefix,
    }),
  };
}
