import {
  contractAt,
  describeRevision,
  describeUpstreamDefaults,
  KNOBS,
  knobEnvironment,
  printable,
  upstreamDefaultAt,
} from "../../constructs/domain";
import { backendKnobsOf } from "../knobs";
import type { ResolvedWorkspace } from "../../vocabulary/resolved-workspace";
import type { DeployedRule } from "../../vocabulary/rule";

/*
 * Changing DOCUMENT_RETENTION_DELAY under a deployment with data can wedge the retention worker: a lower
 * delay moves the document retention boundary past documents the deletion worker has not removed yet, the
 * boundary never moves back, and the worker then fails on every pass with "out_of_retention"
 * (https://github.com/get-convex/convex-backend/issues/358, open at the pinned revision; https://github.com/get-convex/convex-backend/pull/393 proposes a fix). The default this project emits (172800,
 * upstream compose's) is itself such a change for a backend deployed without it.
 */

export const RETENTION_VARIABLE = "DOCUMENT_RETENTION_DELAY";

/** The DOCUMENT_RETENTION_DELAY a workspace gives its backend; undefined when it emits none. */
export function requestedRetention(ws: ResolvedWorkspace): string | undefined {
  return knobEnvironment(ws.config.convex.version, backendKnobsOf(ws.config))[RETENTION_VARIABLE];
}

const RETENTION = KNOBS.find((knob) => knob.variable === RETENTION_VARIABLE)!;

/** A delay in words; unset is the image's own default, which differs between revisions (named when known). */
function describeDelay(seconds: string | undefined, version?: string): string {
  if (seconds === undefined) {
    const upstream = version === undefined ? undefined : upstreamDefaultAt(RETENTION, version);
    return `upstream's built-in default (the variable is unset${upstream ? `: ${upstream} s at ${version!.slice(0, 8)}` : ""})`;
  }
  const days = Number(seconds) / 86_400;
  // The deployed value comes from a container's environment: quoted as printable() shows it.
  return `${printable(seconds)} s${Number.isInteger(days) ? ` (${days} day${days === 1 ? "" : "s"})` : ""}`;
}

/** The DOCUMENT_RETENTION_DELAY of a deployed backend (undefined: unset), and where it was read. */
export interface DeployedRetention {
  readonly value: string | undefined;
  readonly seenIn: string;
}

export const retentionChange: DeployedRule<DeployedRetention | undefined> = {
  id: "retention-change",
  stage: "deployed",
  level: "warning",
  doc: {
    finds:
      "a `DOCUMENT_RETENTION_DELAY` other than the deployed backend's (its container in the stack's state, or the live one)",
    prevents:
      "a retention worker wedged in an endless `out_of_retention` loop (https://github.com/get-convex/convex-backend/issues/358)",
    fix: "keep the deployed value, or move the data into a fresh database that starts with the new delay (export, raise `volume.generation`, deploy, import)",
    source:
      "https://github.com/get-convex/convex-backend/issues/358 (open at a9a760ca; https://github.com/get-convex/convex-backend/pull/393 proposes a fix); crates/common/src/knobs.rs",
  },
  cannotAcknowledge:
    "it protects the deployed database, and as a warning it never stops a deploy: there is nothing to acknowledge away",

  check(ws, deployed) {
    if (!deployed) return [];
    const requested = requestedRetention(ws);
    if (requested === deployed.value) return [];
    const contract = contractAt(ws.config.convex.version);
    const keep =
      deployed.value !== undefined
        ? `set convex.knobs.${RETENTION_VARIABLE} to ${printable(deployed.value)}`
        : `set convex.knobs.${RETENTION_VARIABLE} to the deployed image's own default, which upstream changed over time: ${describeUpstreamDefaults(RETENTION)} (crates/common/src/knobs.rs)`;
    return [
      {
        path: `convex.knobs.${RETENTION_VARIABLE}`,
        info:
          `the deployed backend ${ws.names.backendContainer} keeps old document versions for ${describeDelay(deployed.value)}, ` +
          `and this file asks for ${describeDelay(requested, ws.config.convex.version)}${requested === undefined && contract.kind === "known" ? ` (${describeRevision(contract)} does not read it)` : ""} (seen in ${deployed.seenIn}). ` +
          'Changing the retention of a deployment with data can wedge its retention worker in an endless "out_of_retention" loop (https://github.com/get-convex/convex-backend/issues/358): a lower delay moves the retention boundary past documents not yet deleted, and it never moves back',
        fix:
          `to keep what runs, ${keep}. To change it safely, move the data into a fresh database that starts with the new delay: npx convex export --include-file-storage --path backup.zip, raise volume.generation, deploy, npx convex import --replace-all backup.zip. ` +
          "(A new volume.generation in this very change starts empty: then there is nothing to wedge.)",
      },
    ];
  },
};
