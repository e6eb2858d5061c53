import { DEFAULT_KNOBS, KNOBS, type BackendKnobs, knobText, knobValueProblem } from "./knobs";
import {
  contractAt,
  contractRows,
  describeRevision,
  describeSpans,
  howToDate,
  revisionsReading,
} from "./upstream-contract";

/** Whether the image of a version reads a variable, and the words that say so. */
export type Reading =
  | { readonly kind: "read" }
  | { readonly kind: "not-read"; readonly why: string }
  | { readonly kind: "unknown"; readonly why: string };

/** Does the image of `version` read `variable`? Never guessed: an undated version is "unknown". */
export function readingOf(version: string, variable: string): Reading {
  const contract = contractAt(version);
  const readers = describeSpans(revisionsReading(variable));
  if (contract.kind === "unknown") {
    return {
      kind: "unknown",
      why: `whether revision "${version}" reads ${variable} is unknown: the catalogue of upstream revisions does not hold it (${variable} is read by ${readers}); ${howToDate(version)}`,
    };
  }
  if (contract.reads.has(variable)) return { kind: "read" };
  const replaced = contractRows().find(
    (row) => row.position <= contract.position && row.stopsReading?.includes(variable),
  );
  const replacement = replaced?.reads?.length
    ? ` (${describeRevision(replaced)} replaced it with ${replaced.reads.join(" and ")})`
    : "";
  return {
    kind: "not-read",
    why: `${describeRevision(contract)} does not read ${variable}, so it would be silently ignored; ${variable} is read by ${readers}${replacement}`,
  };
}

/** A knob the image cannot be trusted to read, and why. */
export interface UnreadKnob {
  readonly variable: string;
  readonly prop: keyof BackendKnobs;
  readonly reading: Exclude<Reading, { kind: "read" }>;
}

/** The knobs set in `knobs` that the image of `version` does not read, or might not. */
export function unreadKnobs(version: string, knobs: BackendKnobs): UnreadKnob[] {
  return KNOBS.filter((spec) => knobs[spec.prop] !== undefined).flatMap((spec) => {
    const reading = readingOf(version, spec.variable);
    return reading.kind === "read" ? [] : [{ variable: spec.variable, prop: spec.prop, reading }];
  });
}

/** Values that are not what their knob takes, as "<prop> <problem>". */
export function invalidKnobs(knobs: BackendKnobs): string[] {
  return KNOBS.flatMap((spec) => {
    const value = knobs[spec.prop];
    const problem = value === undefined ? undefined : knobValueProblem(spec, value);
    return problem ? [`${spec.prop} (${spec.variable}) ${problem}`] : [];
  });
}

/**
 * The backend variables a set of knobs gives at a revision, upstream compose's safe defaults included
 * (DEFAULT_KNOBS, overridden by what is set). A default the revision does not read is left out; on an
 * undated revision the defaults are emitted, because a variable an image does not read is ignored while
 * leaving out one it reads would serve /metrics openly. Knobs that are set must have passed unreadKnobs.
 */
export function knobEnvironment(version: string, knobs: BackendKnobs = {}): Record<string, string> {
  const contract = contractAt(version);
  const environment: Record<string, string> = {};
  for (const spec of KNOBS) {
    const set = knobs[spec.prop];
    const value = set ?? DEFAULT_KNOBS[spec.prop];
    if (value === undefined) continue;
    if (set === undefined && contract.kind === "known" && !contract.reads.has(spec.variable)) continue;
    const text = knobText(spec, value);
    if (text !== undefined) environment[spec.variable] = text;
  }
  return environment;
}

/** Every variable the revision table tracks: a variable that only some revisions read. */
export function trackedVariables(): ReadonlySet<string> {
  return new Set(contractRows().flatMap((row) => [...(row.reads ?? []), ...(row.stopsReading ?? [])]));
}
