/** What one doctor check found. `fail` means the deploy would break; `warn` means it would not, but look. */
export type CheckStatus = "pass" | "fail" | "warn" | "skip";

export interface CheckResult {
  /** Short, stable name, e.g. "storage: serverSideEncryption". */
  readonly check: string;
  readonly status: CheckStatus;
  /** What was measured, in one line. Never a secret. */
  readonly detail: string;
  /** What to change, for every `fail` (and some warnings). */
  readonly fix?: string;
}

export const pass = (check: string, detail: string): CheckResult => ({ check, status: "pass", detail });
export const warn = (check: string, detail: string, fix?: string): CheckResult => ({
  check,
  status: "warn",
  detail,
  ...(fix ? { fix } : {}),
});
export const skip = (check: string, detail: string): CheckResult => ({ check, status: "skip", detail });
export const fail = (check: string, detail: string, fix: string): CheckResult => ({
  check,
  status: "fail",
  detail,
  fix,
});

/** Every network call of the doctor is bounded by one of these (milliseconds). */
export const TIMEOUTS = { s3: 5000, docker: 5000, database: 3000, url: 3000, dns: 3000 } as const;

/** A one-line description of anything thrown (no stack). */
export function errorText(error: unknown): string {
  // Duck-typed: errors from Node's internals are not `instanceof Error` inside jest's sandbox.
  const { message, code } = (error ?? {}) as { message?: unknown; code?: unknown };
  if (typeof message !== "string") return String(error);
  const line = message.split("\n")[0];
  return typeof code === "string" && !line.includes(code) ? `${code}: ${line}` : line;
}
