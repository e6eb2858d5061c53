import { bucketsOf } from "../../constructs/domain";
import { s3ServiceIdentity } from "../shared/s3-service";
import type { StorageKind } from "../../vocabulary/storage-kind";
import { bucketChoice } from "../shared/s3-buckets/rules/bucket-choice";
import { bucketsDistinct } from "../shared/s3-buckets/rules/buckets-distinct";
import { rangePrefetchReadByRevision } from "../shared/s3-buckets/rules/range-prefetch-read-by-revision";
import { s3SettingsComplete } from "../shared/s3-buckets/rules/s3-settings-complete";
import { versioningNeedsProvisioning } from "../shared/s3-buckets/rules/versioning-needs-provisioning";
import { backendBucketUses, backendFingerprint } from "../shared/s3-buckets/storage";
import { gatewayChecksumsOff } from "./rules/gateway-checksums-off";
import { gatewaySseOff } from "./rules/gateway-sse-off";
import { type CephViaGatewayStorage, cephViaGatewaySchema } from "./schema";

/** Parts without a CRC32 are accepted from this date (https://github.com/get-convex/convex-backend/pull/238): RGW and MinIO work from here. */
const PART_CHECKSUM_FIX_SINCE = "2025-10-15";

/** An S3-compatible gateway (Ceph RGW, MinIO-like): five buckets, path-style, SSE and checksums off. */
export const cephViaGateway: StorageKind<CephViaGatewayStorage> = {
  kind: "CephViaGateway",
  schema: cephViaGatewaySchema,
  buckets: bucketsOf,
  fingerprint: (storage) => backendFingerprint(storage, storage.endpoint),
  bucketUses: (storage, ws) => backendBucketUses(storage, ws, s3ServiceIdentity("CephViaGateway", storage.endpoint)),
  containerEndpoints: (storage) => [{ path: "storage.endpoint", url: storage.endpoint, container: "the backend" }],

  imageRequirement: () => ({
    since: PART_CHECKSUM_FIX_SINCE,
    why:
      "CephViaGateway needs the per-part checksum fix of that date (https://github.com/get-convex/convex-backend/pull/238): older backends cannot talk to RGW or MinIO at all " +
      '("Failed to create multipart upload: ... (InvalidArgument)", "Object part missing hash! Expected crc32")',
  }),

  rules: [
    bucketChoice,
    versioningNeedsProvisioning,
    gatewaySseOff,
    gatewayChecksumsOff,
    rangePrefetchReadByRevision,
    s3SettingsComplete,
    bucketsDistinct,
  ],

  strategy(storage, { secrets, library }) {
    return new library.CephViaGateway({
      endpoint: storage.endpoint,
      region: storage.region,
      buckets: storage.buckets,
      bucketPrefix: storage.bucketPrefix,
      credentials: {
        accessKeyId: secrets.get("storage_access_key_id"),
        secretAccessKey: secrets.get("storage_secret_access_key"),
      },
      serverSideEncryption: storage.serverSideEncryption,
      checksums: storage.checksums,
      rangePrefetch: storage.rangePrefetch,
      provisionBuckets: storage.provisionBuckets,
      versioning: storage.versioning,
    });
  },

  // Loaded on first use: the doctor's checks load the AWS SDK, which validate and synthesis never need.
  doctor: (storage, context) =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- import() would make the kind's loading async
    (require("./doctor") as typeof import("./doctor")).cephViaGatewayChecks(storage, context),
};
