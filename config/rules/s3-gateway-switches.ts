import type { WorkspaceRule } from "./rule";

/*
 * An S3-compatible gateway (Ceph RGW, MinIO) without a KMS cannot do what the backend asks of AWS by
 * default. CephViaGateway turns both off by default; these rules refuse turning them back on.
 */

export const gatewayWithoutSse: WorkspaceRule = {
  id: "gateway-sse-off",
  check(ws) {
    const storage = ws.config.storage;
    if (storage.kind !== "CephViaGateway" || !storage.serverSideEncryption) return [];
    return [
      {
        file: ws.file,
        path: "storage.serverSideEncryption",
        message:
          'is true with CephViaGateway: the backend would send "x-amz-server-side-encryption: AES256" on every CreateMultipartUpload ' +
          "(every upload is multipart, whatever its size), and a gateway without a KMS rejects it - RGW: " +
          '"Failed to create multipart upload: ... (InvalidArgument)", MinIO: "NotImplemented: Server side encryption specified but KMS is not configured" - ' +
          "so no file, module or export could be stored. Remove the field (CephViaGateway's default false emits AWS_S3_DISABLE_SSE=true); " +
          "encrypt at rest in the gateway itself if you need it",
      },
    ];
  },
};

export const gatewayWithoutChecksums: WorkspaceRule = {
  id: "gateway-checksums-off",
  check(ws) {
    const storage = ws.config.storage;
    if (storage.kind !== "CephViaGateway" || !storage.checksums) return [];
    return [
      {
        file: ws.file,
        path: "storage.checksums",
        message:
          "is true with CephViaGateway: the backend would ask for CRC32 on each uploaded part and require it in the answer, " +
          'which RGW does not send, so every upload fails with "Object part missing hash! Expected crc32". ' +
          "Remove the field (CephViaGateway's default false emits AWS_S3_DISABLE_CHECKSUMS=true)",
      },
    ];
  },
};
