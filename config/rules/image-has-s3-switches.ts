import { dateRevision } from "../../constructs/domain";
import { describeRevisionAge } from "../../upgrades/revision-words";
import type { WorkspaceRule } from "../../vocabulary/rule";

/** The image must be new enough for what the storage asks of it. An undated image is rule undated-revision's. */
export const imageHasS3Switches: WorkspaceRule = {
  id: "image-has-s3-switches",
  stage: "workspace",
  level: "error",
  doc: {
    finds:
      "an image older than its storage kind needs (the kind's `imageRequirement`): `CephViaGateway` before 2025-10-15 (per-part checksum fix); `AwsS3` with SSE or checksums off before 2025-09-03 (the switches)",
    prevents:
      "the gateway errors of `gateway-sse-off` and `gateway-checksums-off` (old images cannot talk to RGW at all); old images silently ignore `AWS_S3_DISABLE_*`",
    fix: "a newer `convex.version` (or none: the pinned default)",
    source:
      "constructs/domain/upstream-catalogue.ts (upstream PRs 198 and 238; self-hosted/CHANGELOG.md); a date stated in `convex.revisionDates` counts too",
  },

  check(ws) {
    const need = ws.storageKind.imageRequirement?.(ws.config.storage);
    const dating = dateRevision(ws.config.convex.version, ws.config.convex.revisionDates);
    if (!need || dating.date === undefined || dating.date >= need.since) return [];
    return [
      {
        path: "convex.version",
        info: `is ${describeRevisionAge(dating)}, an upstream image older than ${need.since}; ${need.why}`,
        fix: `use a revision from ${need.since} or later, e.g. remove convex.version to get the pinned default`,
      },
    ];
  },
};
