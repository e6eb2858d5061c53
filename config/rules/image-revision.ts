import type { Problem } from "../problems";
import type { ResolvedWorkspace } from "../resolve";
import { PART_CHECKSUM_FIX_SINCE, S3_SWITCHES_SINCE, revisionAge, revisionUrl } from "../../constructs/domain";
import type { WorkspaceRule } from "./rule";

/** Why this workspace needs an image of at least some date, or undefined when any image will do. */
function requirement(ws: ResolvedWorkspace): { since: string; why: string } | undefined {
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

export const imageHasS3Switches: WorkspaceRule = {
  id: "image-has-s3-switches",
  check(ws) {
    const need = requirement(ws);
    if (!need) return [];
    const version = ws.config.convex.version;
    const age = revisionAge(version);
    const problems: Problem[] = [];
    if (age.kind === "dated" && age.date < need.since) {
      problems.push({
        file: ws.file,
        path: "convex.version",
        message: `is ${version.slice(0, 12)}, an upstream image of ${age.date}; ${need.why}. Use a revision from ${need.since} or later, e.g. remove convex.version to get the pinned default`,
      });
    }
    if (age.kind === "unknown" && !ws.config.convex.acknowledgeUnknownVersion) {
      problems.push({
        file: ws.file,
        path: "convex.version",
        message:
          `is "${version}", a revision whose date this project does not know (constructs/domain/upstream-revisions.ts), and it must be from ${need.since} or later: ${need.why}. ` +
          `Check its date at ${revisionUrl(version)}; if it is ${need.since} or later, add convex.acknowledgeUnknownVersion: true (or add the revision and its date to constructs/domain/upstream-revisions.ts), otherwise use a newer revision`,
      });
    }
    return problems;
  },
};
