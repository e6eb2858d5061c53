import { readingOf } from "../../../../constructs/domain";
import type { StorageWorkspaceRule } from "../../../../vocabulary/storage-kind";
import type { S3BucketsStorage } from "../storage";

const RANGE_PREFETCH = "AWS_S3_DISABLE_RANGE_PREFETCH";

/**
 * rangePrefetch: false emits AWS_S3_DISABLE_RANGE_PREFETCH=true, which only images from 2026-07-18 read (the
 * revision table, constructs/domain/upstream-contract.ts). An undated revision is said to be unknown.
 */
export const rangePrefetchReadByRevision: StorageWorkspaceRule<S3BucketsStorage> = {
  id: "range-prefetch-read-by-revision",
  stage: "workspace",
  level: "error",
  doc: {
    finds:
      "`storage.rangePrefetch: false` on a revision that does not read `AWS_S3_DISABLE_RANGE_PREFETCH` (before 2026-07-18), or one it cannot date",
    prevents: "none: the switch would be silently ignored",
    fix: "remove the field, or a revision that reads it",
    source:
      "constructs/domain/upstream-contract.ts (crates/aws_utils/src/lib.rs:46-51 and crates/aws_s3/src/storage.rs:461-485 at 2c2e0f66)",
  },
  cannotAcknowledge:
    "the construct library refuses the same when it synthesizes the backend (constructs/backend-environment-checks.ts): acknowledging would only move the refusal there",

  check(storage, ws) {
    if (storage.rangePrefetch) return [];
    const reading = readingOf(ws.config.convex.version, RANGE_PREFETCH);
    if (reading.kind === "read") return [];
    const before =
      reading.kind === "not-read"
        ? " Before it, the backend asks for an object's size first and never reads Content-Range (crates/aws_s3/src/storage.rs at a9a760ca), so a store without it needs no switch"
        : "";
    return [
      {
        path: "storage.rangePrefetch",
        info: `is false, which emits ${RANGE_PREFETCH}=true, but ${reading.why}.${before}`,
        fix:
          reading.kind === "unknown"
            ? "remove the field, or pin a dated revision from 2026-07-18 on"
            : "remove the field (or use a revision that reads it)",
      },
    ];
  },
};
