import { KNOBS, readingOf, s3StartOf, S3_BUCKET_VARIABLES, S3_KEY_VARIABLES } from "../../constructs/domain";
import type { Problem } from "../problems";
import type { WorkspaceRule } from "./rule";

/*
 * What the workspace's revision reads, from the revision table (constructs/domain/upstream-contract.ts,
 * every row citing upstream's file and line): a setting the image would ignore, or S3 variables its
 * entrypoint would not start S3 with, is refused. An undated revision is said to be unknown, never taken
 * as fine.
 */

/**
 * Knobs (convex.knobs) are read by some revisions only: ACTIONS_USER_TIMEOUT_SECS until 2026-07-02, its
 * V8_/NODE_ replacements from then on, DISABLE_METRICS_ENDPOINT from 2026-03-05, ... An undated revision is
 * refused even with acknowledgeUnknownVersion: a knob can stop being read, so "recent enough" does not say.
 */
export const knobsReadByRevision: WorkspaceRule = {
  id: "knobs-read-by-revision",
  check(ws) {
    const version = ws.config.convex.version;
    const knobs: Record<string, unknown> = ws.config.convex.knobs;
    return KNOBS.filter((spec) => knobs[spec.variable] !== undefined).flatMap((spec): Problem[] => {
      const reading = readingOf(version, spec.variable);
      if (reading.kind === "read") return [];
      return [
        {
          file: ws.file,
          path: `convex.knobs.${spec.variable}`,
          message: `is set, but ${reading.why}. Remove it, or set convex.version to a revision that reads it`,
        },
      ];
    });
  },
};

const RANGE_PREFETCH = "AWS_S3_DISABLE_RANGE_PREFETCH";

/** rangePrefetch: false emits AWS_S3_DISABLE_RANGE_PREFETCH=true, which only images from 2026-07-18 read. */
export const rangePrefetchReadByRevision: WorkspaceRule = {
  id: "range-prefetch-read-by-revision",
  check(ws) {
    const storage = ws.config.storage;
    if ((storage.kind !== "AwsS3" && storage.kind !== "CephViaGateway") || storage.rangePrefetch) return [];
    const reading = readingOf(ws.config.convex.version, RANGE_PREFETCH);
    if (reading.kind === "read" || (reading.kind === "unknown" && ws.config.convex.acknowledgeUnknownVersion)) return [];
    const before =
      reading.kind === "not-read"
        ? " Before it, the backend asks for an object's size first and never reads Content-Range (crates/aws_s3/src/storage.rs at a9a760ca), so a store without it needs no switch."
        : "";
    return [
      {
        file: ws.file,
        path: "storage.rangePrefetch",
        message:
          `is false, which emits ${RANGE_PREFETCH}=true, but ${reading.why}.${before} ` +
          (reading.kind === "unknown"
            ? "Remove the field, or, once you know the revision is from 2026-07-18 or later, add convex.acknowledgeUnknownVersion: true"
            : "Remove the field (or use a revision that reads it)"),
      },
    ];
  },
};

/**
 * credentials: "sdkDefaultChain" gives the backend no static keys. Entrypoints before 2026-04-09 demand
 * them before they use S3 (run_backend.sh:34-53 at a9a760ca) and otherwise start, silently, with local
 * storage in a volume labelled s3; a later image then refuses that database.
 */
export const entrypointStartsS3: WorkspaceRule = {
  id: "entrypoint-starts-s3",
  check(ws) {
    const storage = ws.config.storage;
    if (storage.kind !== "AwsS3" || storage.credentials !== "sdkDefaultChain") return [];
    const start = s3StartOf(ws.config.convex.version, new Set(["AWS_REGION", ...S3_BUCKET_VARIABLES]));
    if (start.kind === "s3" || (start.kind === "unknown" && ws.config.convex.acknowledgeUnknownVersion)) return [];
    return [
      {
        file: ws.file,
        path: "storage.credentials",
        message:
          `is "sdkDefaultChain", so the backend gets no ${S3_KEY_VARIABLES.join(" or ")}: ${start.why}. ` +
          'The volume would be labelled s3 while its database records local storage, and a later image that does start S3 refuses it ("Database was initialized with Some(Local { ... }), but backend started up with S3."). ' +
          (start.kind === "unknown"
            ? 'Use credentials "terraformVariables" or "provisionedIamUser", or, once you know the revision is from 2026-04-09 or later, add convex.acknowledgeUnknownVersion: true'
            : 'Use credentials "terraformVariables" or "provisionedIamUser", or a revision from ca1f91cd (2026-04-09) on'),
      },
    ];
  },
};
