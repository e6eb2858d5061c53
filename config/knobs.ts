import { type BackendKnobs, KNOBS } from "../constructs/domain";
import type { Workspace } from "../vocabulary/workspace-schema";

/** A workspace file's `convex.knobs` (keyed by upstream's variable names) as the library's typed knobs. */
export function backendKnobsOf(config: Workspace): BackendKnobs {
  const byVariable: Record<string, unknown> = config.convex.knobs;
  return Object.fromEntries(
    KNOBS.filter((spec) => byVariable[spec.variable] !== undefined).map((spec) => [
      spec.prop,
      byVariable[spec.variable],
    ]),
  );
}
