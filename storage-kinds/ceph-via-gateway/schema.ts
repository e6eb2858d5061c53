import { z } from "zod";
import { DEFAULTS } from "../../constructs/domain";
import { gatewayRegion, httpUrl } from "../../vocabulary/schema-fields";
import { bucketChoice, provisioning, switches } from "../shared/s3-buckets/schema";

/** CephViaGateway's `storage` block. */
export const cephViaGatewaySchema = z
  .strictObject({
    kind: z.literal("CephViaGateway").meta({
      description: "Files in five buckets on an S3-compatible gateway (Ceph RGW, MinIO-like); path-style addressing.",
    }),
    endpoint: httpUrl.meta({
      description: "S3_ENDPOINT_URL: the gateway's URL.",
      examples: ["https://rgw.example.internal"],
    }),
    region: gatewayRegion.default(DEFAULTS.gatewayRegion).meta({ description: "AWS_REGION: the gateway's zonegroup." }),
    ...bucketChoice,
    ...switches("gateway", {
      serverSideEncryption:
        'Off by default: RGW without KMS rejects the SSE header the backend sends on every upload ("Failed to create multipart upload ... InvalidArgument").',
      checksums:
        'Off by default: RGW accepts CRC32 headers but never returns one, and the backend then fails with "Object part missing hash".',
    }),
    ...provisioning(
      "Create the buckets on the gateway, with the same storage_* keys the backend uses (so that gateway user owns them).",
    ),
  })
  .meta({ title: "CephViaGateway" });

export type CephViaGatewayStorage = z.output<typeof cephViaGatewaySchema>;
