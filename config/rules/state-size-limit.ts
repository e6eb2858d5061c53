import type { DeployedRule } from "../../vocabulary/rule";

/** A state that was not read because it is larger than the bound, and where it is. */
export interface OversizedState {
  /** "the state file <path>" or "the remote state s3://<bucket>/<key>". */
  readonly where: string;
  /** Its size, or undefined when only "more than the bound" is known (a body that ran past it). */
  readonly bytes?: number;
  readonly maxBytes: number;
}

/**
 * A state larger than any this project's stacks write is not read (neither parsed nor held in memory), and
 * the workspace is refused: what it records about the data volume and the backend revision is unknown, and
 * a file or object that large is not the stack's own.
 */
export const stateSizeLimit: DeployedRule<OversizedState | undefined> = {
  id: "state-size-limit",
  stage: "deployed",
  level: "error",
  doc: {
    finds:
      "a stack's state (the local state file, or the remote state object) over 64 MiB; it is not read: a stack of this project records tens of kilobytes",
    prevents:
      "validate or synthesis reading a multi-gigabyte state into memory until the process dies, and comparing nothing about the deployed volume",
    fix: "look at what wrote it (`terraform state list`), restore the stack's own state (the bucket's previous version), or remove it if nothing is deployed",
    source: "guards/state-document.ts (MAX_STATE_BYTES); docs/refused-input.md",
  },
  cannotAcknowledge: "a state that is not read cannot be compared: the data-loss guards would compare nothing",

  check(_ws, oversized) {
    if (!oversized) return [];
    const size = oversized.bytes === undefined ? "ran past" : `is ${oversized.bytes} bytes, over`;
    return [
      {
        path: "state",
        info:
          `${oversized.where} ${size} the limit of ${oversized.maxBytes} bytes (64 MiB) a state is read to: it was not read, ` +
          "so what it records about the data volume and the backend revision is UNKNOWN. A stack of this project records tens of kilobytes",
        fix: "look at what wrote it (terraform state list), restore the stack's own state (the bucket keeps earlier versions), or remove it if nothing is deployed",
      },
    ];
  },
};
