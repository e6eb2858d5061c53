import { contractAt, describeRevision, KNOBS, knobEnvironment } from "../constructs/domain";
import { backendKnobsOf } from "./knobs";
import type { Problem } from "./problems";
import type { ResolvedWorkspace } from "./resolve";

/*
 * Changing DOCUMENT_RETENTION_DELAY under a deployment with data can wedge the retention worker: a lower
 * delay moves the document retention boundary past documents the deletion worker has not removed yet, the
 * boundary never moves back, and the worker then fails on every pass with "out_of_retention" (upstream
 * issue 358, open at the pinned revision; PR 393 proposes a fix). The default this project emits (172800,
 * upstream compose's) is itself such a change for a backend deployed without it.
 */

export const RETENTION_VARIABLE = "DOCUMENT_RETENTION_DELAY";

/** The DOCUMENT_RETENTION_DELAY a workspace gives its backend; undefined when it emits none. */
export function requestedRetention(ws: ResolvedWorkspace): string | undefined {
  return knobEnvironment(ws.config.convex.version, backendKnobsOf(ws.config))[RETENTION_VARIABLE];
}

function describeDelay(seconds: string | undefined): string {
  if (seconds === undefined) {
    const upstream = KNOBS.find((knob) => knob.variable === RETENTION_VARIABLE)!.upstreamDefault;
    return `upstream's built-in default (the variable is unset: ${upstream})`;
  }
  const days = Number(seconds) / 86_400;
  return `${seconds} s${Number.isInteger(days) ? ` (${days} day${days === 1 ? "" : "s"})` : ""}`;
}

/**
 * The warning for a workspace whose deployed backend (`container`, seen in `seenIn`) runs with `deployed`
 * (its DOCUMENT_RETENTION_DELAY, undefined when unset), or undefined when nothing changes.
 */
export function retentionChangeWarning(ws: ResolvedWorkspace, deployed: string | undefined, seenIn: string): Problem | undefined {
  const requested = requestedRetention(ws);
  if (requested === deployed) return undefined;
  const contract = contractAt(ws.config.convex.version);
  const keep =
    deployed !== undefined
      ? `set convex.knobs.${RETENTION_VARIABLE} to ${deployed}`
      : `set convex.knobs.${RETENTION_VARIABLE} to the deployed image's own default: 2592000 (30 days) for images from 2025-11-17 until f7b9e1ab (2026-04-23), 1209600 (14 days) from it, 79 to 90 days before (crates/common/src/knobs.rs)`;
  const message =
    `the deployed backend ${ws.names.backendContainer} keeps old document versions for ${describeDelay(deployed)}, ` +
    `and this file asks for ${describeDelay(requested)}${requested === undefined && contract.kind === "known" ? ` (${describeRevision(contract)} does not read it)` : ""} (seen in ${seenIn}). ` +
    `Changing the retention of a deployment with data can wedge its retention worker in an endless "out_of_retention" loop (upstream issue 358): a lower delay moves the retention boundary past documents not yet deleted, and it never moves back. ` +
    `To keep what runs, ${keep}. To change it safely, move the data into a fresh database that starts with the new delay: npx convex export --include-file-storage --path backup.zip, raise volume.generation, deploy, npx convex import --replace-all backup.zip. ` +
    `(A new volume.generation in this very change starts empty: then there is nothing to wedge.)`;
  return { file: ws.file, path: `convex.knobs.${RETENTION_VARIABLE}`, message };
}
