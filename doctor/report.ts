import type { CheckResult, CheckStatus } from "../probes/check";

export interface DoctorReport {
  readonly workspace: string;
  readonly file: string;
  /** In a fixed order: config (the rules), storage, state, docker, host ports, database, backend url. */
  readonly checks: readonly CheckResult[];
  /** No check failed: nothing found that would break the deploy (warnings do not). */
  readonly ok: boolean;
}

const SYMBOL: Record<CheckStatus, string> = { pass: "✔", fail: "✘", warn: "!", skip: "-" };

/** A table for people: one row per check, the fix printed under each cross. */
export function formatTable(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((c) => c.check.length));
  const lines = [`convex-stack doctor: workspace "${report.workspace}" (${report.file})`, ""];
  for (const c of report.checks) {
    lines.push(`${SYMBOL[c.status]} ${c.check.padEnd(width)}  ${c.detail}`);
    if (c.fix) lines.push(`  ${" ".repeat(width)}  fix: ${c.fix}`);
  }
  const count = (status: CheckStatus) => report.checks.filter((c) => c.status === status).length;
  const warnings = count("warn") > 0 ? ` (${count("warn")} warning${count("warn") > 1 ? "s" : ""})` : "";
  lines.push(
    "",
    report.ok
      ? `OK: nothing found that would break the deploy${warnings}.`
      : `FAIL: ${count("fail")} check${count("fail") > 1 ? "s" : ""} would break the deploy${warnings}; fix what is marked ✘.`,
  );
  return `${lines.join("\n")}\n`;
}

/** For CI: an array of {check, status, detail, fix?}. */
export function formatJson(report: DoctorReport): string {
  return `${JSON.stringify(report.checks, null, 2)}\n`;
}
