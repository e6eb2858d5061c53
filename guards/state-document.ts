import { printable } from "../constructs/domain";

/**
 * A Terraform state document (format version 4), parsed once and handed to every reader of what it
 * records: the data volumes (state-volumes.ts) and anything else a guard needs from the deployed state.
 */
export interface TerraformState {
  readonly version: 4;
  readonly serial?: number;
  readonly lineage?: string;
  /** resources[].instances[].attributes, as the providers record them; the readers check every shape. */
  readonly resources: readonly unknown[];
}

/**
 * The most a state, local file or remote object, is read to: 64 MiB. A stack of this project records tens
 * of kilobytes (a handful of containers, a volume, the guards' records); a thousand times that is not a state
 * it wrote, and is refused before it is read (a remote object is read as a stream and stopped at the bound).
 */
export const MAX_STATE_BYTES = 64 * 1024 * 1024;

/** What reading one stack's state found: said as such, never taken as "nothing deployed" when unknown. */
export type StateRead =
  | { readonly kind: "read"; readonly state: TerraformState }
  /** No state yet: the stack was never deployed (there). */
  | { readonly kind: "absent" }
  /** There may be a state, but it could not be read; the reason names what to fix. */
  | { readonly kind: "unreadable"; readonly reason: string }
  /** Larger than MAX_STATE_BYTES, so not read: `bytes` its size, or undefined when only "more than" is known. */
  | { readonly kind: "too-large"; readonly bytes?: number };

/** Parses the text of a state file or object; anything but format version 4 is unreadable, with the reason. */
export function parseStateDocument(text: string): StateRead {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: "unreadable", reason: "it is not valid JSON" };
  }
  const { version, resources } = (parsed ?? {}) as { version?: unknown; resources?: unknown };
  if (version !== 4)
    return { kind: "unreadable", reason: `its format version is ${printable(String(JSON.stringify(version)))}, not 4` };
  if (resources !== undefined && !Array.isArray(resources))
    return { kind: "unreadable", reason: "its resources are not a list" };
  return { kind: "read", state: { ...(parsed as object), version: 4, resources: resources ?? [] } };
}
