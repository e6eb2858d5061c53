import { PART_CHECKSUM_FIX_SINCE, S3_SWITCHES_SINCE } from "../constructs/domain";
import type { ResolvedWorkspace } from "./resolve";

/** What a workspace's storage needs of its image's date (rules image-has-s3-switches and undated-revision). */
export interface ImageRequirement {
  /** The first date (YYYY-MM-DD) of an image that has what is needed. */
  readonly since: string;
  /** What an older image does instead. */
  readonly why: string;
}

/** Why this workspace needs an image of at least some date, or undefined when any image will do. */
export function imageRequirement(ws: ResolvedWorkspace): ImageRequirement | undefined {
  const storage = ws.config.storage;
  if (storage.kind === "CephViaGateway") {
    return {
      since: PART_CHECKSUM_FIX_SINCE,
      why:
        "CephViaGateway needs the per-part checksum fix of that date (upstream PR 238): older backends cannot talk to RGW or MinIO at all " +
        '("Failed to create multipart upload: ... (InvalidArgument)", "Object part missing hash! Expected crc32")',
    };
  }
  if (storage.kind === "AwsS3") {
    const off = [
      !storage.serverSideEncryption && { field: "storage.serverSideEncryption", variable: "AWS_S3_DISABLE_SSE", what: "server-side encryption" },
      !storage.checksums && { field: "storage.checksums", variable: "AWS_S3_DISABLE_CHECKSUMS", what: "checksums" },
    ].filter((switchOff) => switchOff !== false);
    if (off.length === 0) return undefined;
    return {
      since: S3_SWITCHES_SINCE,
      why:
        `${off.map((o) => o.field).join(" and ")} false emits ${off.map((o) => `${o.variable}=true`).join(" and ")}, ` +
        `which backends older than that do not read: they would silently keep ${off.map((o) => o.what).join(" and ")} on`,
    };
  }
  return undefined;
}
