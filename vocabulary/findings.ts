/** error: refused (validate and synthesis stop, the doctor shows ✘); warning: said, and the deploy goes on. */
export type FindingLevel = "error" | "warning";

/**
 * What a rule found in a workspace file: the rule (its id names it in docs/rules.md and in `acknowledge`),
 * the file and field path, the level, what is wrong and what it breaks (`info`, quoting the upstream error
 * where there is one), and what to do (`fix`). Every printer (validate, synthesis, the doctor) prints these
 * fields as they are.
 */
export interface Finding {
  readonly rule: string;
  readonly file: string;
  /** A dotted field path such as `storage.buckets.files`; empty for the file as a whole. */
  readonly path: string;
  readonly level: FindingLevel;
  readonly info: string;
  readonly fix: string;
}

/** A finding a workspace acknowledged (`acknowledge` in its file): not refused, shown by the doctor with the reason. */
export interface AcknowledgedFinding extends Finding {
  readonly reason: string;
}

/** Thrown with every error found, so a user fixes them all in one go. Carries no stack worth showing. */
export class WorkspaceConfigError extends Error {
  constructor(readonly findings: readonly Finding[]) {
    super(findings.map(formatFinding).join("\n"));
    this.name = "WorkspaceConfigError";
  }
}

/** Two lines: where and what, then the fix with the rule's id (the one `acknowledge` takes). */
export function formatFinding(finding: Finding): string {
  return `${finding.file}: ${finding.path || "(file)"}: ${finding.info}\n  fix: ${finding.fix} (rule ${finding.rule})`;
}
