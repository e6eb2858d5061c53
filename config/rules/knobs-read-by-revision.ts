import { KNOBS, readingOf } from "../../constructs/domain";
import type { Report, WorkspaceRule } from "../../vocabulary/rule";

/**
 * Knobs (convex.knobs) are read by some revisions only: ACTIONS_USER_TIMEOUT_SECS until 2026-07-02, its
 * V8_/NODE_ replacements from then on, DISABLE_METRICS_ENDPOINT from 2026-03-05, ... (the revision table,
 * constructs/domain/upstream-contract.ts, every row citing upstream's file and line). An undated revision
 * is refused too: a knob can stop being read, so "recent enough" does not say.
 */
export const knobsReadByRevision: WorkspaceRule = {
  id: "knobs-read-by-revision",
  stage: "workspace",
  level: "error",
  doc: {
    finds: "a `convex.knobs` entry the revision does not read (or cannot be dated), naming the revisions that do",
    prevents: "none: the knob would be silently ignored",
    fix: "remove it, or a revision that reads it",
    source: "constructs/domain/upstream-contract.ts (crates/common/src/knobs.rs at each revision)",
  },
  cannotAcknowledge:
    "the construct library refuses the same when it synthesizes the backend (constructs/backend-environment-checks.ts): acknowledging would only move the refusal there",

  check(ws) {
    const version = ws.config.convex.version;
    const knobs: Record<string, unknown> = ws.config.convex.knobs;
    return KNOBS.filter((spec) => knobs[spec.variable] !== undefined).flatMap((spec): Report[] => {
      const reading = readingOf(version, spec.variable);
      if (reading.kind === "read") return [];
      return [
        {
          path: `convex.knobs.${spec.variable}`,
          info: `is set, but ${reading.why}`,
          fix: "remove it, or set convex.version to a revision that reads it",
        },
      ];
    });
  },
};
