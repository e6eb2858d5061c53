import type { StorageWorkspaceRule } from "../../../vocabulary/storage-kind";
import type { CephViaGatewayStorage } from "../schema";

/*
 * An S3-compatible gateway (Ceph RGW, MinIO) without a KMS cannot do what the backend asks of AWS by
 * default. CephViaGateway turns SSE off by default; this rule refuses turning it back on.
 */
export const gatewaySseOff: StorageWorkspaceRule<CephViaGatewayStorage> = {
  id: "gateway-sse-off",
  stage: "workspace",
  level: "error",
  doc: {
    finds: "`storage.serverSideEncryption: true` with `CephViaGateway`",
    prevents:
      "RGW: `Failed to create multipart upload: ... (InvalidArgument)`; MinIO: `NotImplemented: Server side encryption specified but KMS is not configured` (every upload is multipart)",
    fix: "remove the field; the default `false` emits `AWS_S3_DISABLE_SSE=true`. A gateway with a KMS may take the header: acknowledge the rule, saying so",
    source:
      "crates/aws_s3/src/storage.rs:164-166 and crates/aws_utils/src/lib.rs:31-36 at a9a760ca; https://github.com/get-convex/convex-backend/pull/198 (RGW and MinIO refuse the header)",
  },

  check(storage) {
    if (!storage.serverSideEncryption) return [];
    return [
      {
        path: "storage.serverSideEncryption",
        info:
          'is true with CephViaGateway: the backend would send "x-amz-server-side-encryption: AES256" on every CreateMultipartUpload ' +
          "(every upload is multipart, whatever its size), and a gateway without a KMS rejects it - RGW: " +
          '"Failed to create multipart upload: ... (InvalidArgument)", MinIO: "NotImplemented: Server side encryption specified but KMS is not configured" - ' +
          "so no file, module or export could be stored",
        fix:
          "remove the field (CephViaGateway's default false emits AWS_S3_DISABLE_SSE=true); encrypt at rest in the gateway itself if you need it. " +
          "If your gateway has a KMS and takes the header, acknowledge rule gateway-sse-off, saying so",
      },
    ];
  },
};
