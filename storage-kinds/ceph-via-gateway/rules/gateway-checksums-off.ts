import type { StorageWorkspaceRule } from "../../../vocabulary/storage-kind";
import type { CephViaGatewayStorage } from "../schema";

/** RGW accepts CRC32 headers but never returns a part's checksum, which the backend requires unless told not to. */
export const gatewayChecksumsOff: StorageWorkspaceRule<CephViaGatewayStorage> = {
  id: "gateway-checksums-off",
  stage: "workspace",
  level: "error",
  doc: {
    finds: "`storage.checksums: true` with `CephViaGateway`",
    prevents: "`Object part missing hash! Expected crc32`",
    fix: "remove the field; the default emits `AWS_S3_DISABLE_CHECKSUMS=true`",
    source: "crates/aws_s3/src/types.rs:64-69 and crates/aws_utils/src/lib.rs:38-43 at a9a760ca",
  },

  check(storage) {
    if (!storage.checksums) return [];
    return [
      {
        path: "storage.checksums",
        info:
          "is true with CephViaGateway: the backend would ask for CRC32 on each uploaded part and require it in the answer, " +
          'which RGW does not send, so every upload fails with "Object part missing hash! Expected crc32"',
        fix: "remove the field (CephViaGateway's default false emits AWS_S3_DISABLE_CHECKSUMS=true)",
      },
    ];
  },
};
