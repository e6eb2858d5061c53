import type { RuleFinding } from "../config/load";
import { type CheckResult, fail, warn } from "./check";

/**
 * Rules whose check the doctor makes itself, against the real thing: their findings would only repeat a
 * row of another family. database-url: the database family runs checkDatabaseUrl on the same variable;
 * entrypoint-starts-s3: the storage family's credentials row says the same for the same workspace.
 */
const CHECKED_LIVE = new Set(["database-url", "entrypoint-starts-s3"]);

/**
 * What the rule catalogue refuses in the file (validate and synth would stop on it), one failing row each:
 * `config: <rule id>`, the field and what breaks as the detail, the message's closing sentence as the fix;
 * then what the warning rules say, one `!` row each.
 */
export function configChecks(findings: readonly RuleFinding[], warnings: readonly RuleFinding[] = []): CheckResult[] {
  const warned = warnings.map(({ rule, problem }) => {
    const { detail, fix } = splitFix(problem.message);
    return warn(`config: ${rule}`, `${problem.path ? `${problem.path} ` : ""}${detail}`, fix);
  });
  return [...refusalChecks(findings), ...warned];
}

function refusalChecks(findings: readonly RuleFinding[]): CheckResult[] {
  return findings
    .filter((f) => !CHECKED_LIVE.has(f.rule))
    .map(({ rule, problem }) => {
      const { detail, fix } = splitFix(problem.message);
      const where = problem.path ? `${problem.path} ` : "";
      return fail(`config: ${rule}`, `${where}${detail}`, fix ?? `change ${problem.path || "the file"} in ${problem.file} as the detail says`);
    });
}

/**
 * A rule's message ends with what to do, as a sentence of its own ("... nothing could be stored. Remove
 * the field ..."). The last ". " before a capital letter starts it; without one, the message is all detail.
 */
export function splitFix(message: string): { detail: string; fix?: string } {
  let last = -1;
  for (const match of message.matchAll(/\. (?=[A-Z])/g)) last = match.index;
  if (last < 0) return { detail: message };
  return { detail: message.slice(0, last + 1), fix: message.slice(last + 2) };
}
