import type { AcknowledgedFinding, Finding } from "../vocabulary/findings";
import { type CheckResult, fail, skip, warn } from "../probes/check";

/**
 * Rules whose check the doctor makes itself, against the real thing: their findings would only repeat a
 * row of another family. database-url: the database family runs checkDatabaseUrl on the same variable;
 * entrypoint-starts-s3: the storage family's credentials row says the same for the same workspace.
 */
const CHECKED_LIVE = new Set(["database-url", "entrypoint-starts-s3"]);

/**
 * What the rule catalogue says about the file, one `config: <rule id>` row per finding, printed from its
 * fields: the field and `info` as the detail, `fix` as the fix. An error (validate and synth would stop
 * on it) is a failing row, a warning a `!` row, and an acknowledged finding a `-` row with its reason.
 */
export function configChecks(
  findings: readonly Finding[],
  acknowledged: readonly AcknowledgedFinding[] = [],
): CheckResult[] {
  const rows = findings
    .filter((f) => !CHECKED_LIVE.has(f.rule))
    .map((f) =>
      f.level === "error"
        ? fail(`config: ${f.rule}`, detailOf(f), f.fix)
        : warn(`config: ${f.rule}`, detailOf(f), f.fix),
    );
  const accepted = acknowledged.map((f) => skip(`config: ${f.rule}`, `acknowledged: "${f.reason}" (${detailOf(f)})`));
  return [...rows, ...accepted];
}

function detailOf(finding: Finding): string {
  return `${finding.path ? `${finding.path} ` : ""}${finding.info}`;
}
