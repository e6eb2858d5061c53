import type { z } from "zod";
import { allowedKeysAt, closestKey } from "./allowed-keys";
import { textHazard } from "./inert-text";
import { looksSecret, REDACTED } from "./secret-patterns";

/** One thing wrong with a workspace: where (file and field path), and a message that says what to do. */
export interface Problem {
  readonly file: string;
  readonly path: string;
  readonly message: string;
}

/** Thrown with every problem found, so a user fixes them all in one go. Carries no stack worth showing. */
export class WorkspaceConfigError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "WorkspaceConfigError";
  }
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}: ${problem.path || "(file)"}: ${problem.message}`;
}

/**
 * A value as an error message may quote it: short, and never a secret or a string the inert-text rule
 * refuses (those rules name what they found instead).
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  // JSON would say null: 1e400 and the like read as infinity.
  if (typeof value === "number" && !Number.isFinite(value)) return "a number beyond the range of a double (it reads as infinity)";
  const json = safeStringify(value);
  if (json === undefined) return String(value);
  if (looksSecret(json)) return REDACTED;
  const shown = json.length > 60 ? `${json.slice(0, 57)}...` : json;
  // JSON escapes control characters; a template sequence or an invisible character would still show.
  return textHazard(shown) ? "a value that is not plain text (not shown)" : shown;
}

function safeStringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** A key as an error message may quote it. */
export function describeKey(key: string): string {
  return showable(key) ? `"${key}"` : "a secret-looking or non-text key (not shown)";
}

/** A field path as messages show it; a key that may not be quoted shows as "(a key)". */
export function pathOf(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === "number" ? `[${key}]` : `${i ? "." : ""}${typeof key === "string" && !showable(key) ? "(a key)" : String(key)}`))
    .join("");
}

function showable(key: string): boolean {
  return !looksSecret(key) && !textHazard(key);
}

/**
 * Turns zod's issues into messages that say what was given, what is allowed, and how to fix it.
 * `root` is the whole file, for the keys allowed where an unknown one stands.
 */
export function problemFromIssue(file: string, issue: z.core.$ZodIssue, root?: unknown): Problem {
  const path = pathOf(issue.path);
  const given = "input" in issue ? describeValue(issue.input) : "nothing";
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = allowedKeysAt(issue.path, root);
      const hints = issue.keys.map((key) => {
        const meant = closestKey(key, allowed);
        return meant ? `${describeKey(key)} (did you mean "${meant}"?)` : describeKey(key);
      });
      return {
        file,
        path,
        message: `unknown key ${hints.join(", ")}; allowed here: ${allowed.join(", ")} (unknown keys are refused so typos are caught)`,
      };
    }
    case "invalid_union":
      if ("options" in issue && Array.isArray(issue.options)) {
        return { file, path, message: `got ${describeValue(lastKeyOf(issue))}; allowed: ${issue.options.map((o) => JSON.stringify(o)).join(", ")}` };
      }
      // A union given its own message (as the bind address is) says what it allows; zod's default says nothing.
      if (issue.message && issue.message !== "Invalid input") return { file, path, message: `got ${given}; expected ${issue.message}` };
      return { file, path, message: `got ${given}; it matches none of the allowed forms` };
    case "invalid_value":
      return { file, path, message: `got ${given}; allowed: ${issue.values.map((v) => JSON.stringify(v)).join(", ")}` };
    case "invalid_type":
      if (issue.input === undefined) return { file, path, message: `is required (expected ${issue.expected}); add it` };
      return { file, path, message: `got ${given}; expected ${issue.expected}` };
    case "invalid_format":
      return { file, path, message: `got ${given}; expected ${formatHint(issue)}` };
    case "too_small":
    case "too_big":
      return { file, path, message: `got ${given}; ${issue.message.replace(/^Too (?:small|big): expected \w+ to (be|have) /, "must $1 ")}` };
    default:
      return { file, path, message: `got ${given}; ${issue.message}` };
  }
}

function lastKeyOf(issue: z.core.$ZodIssue): unknown {
  const input = (issue as { input?: unknown }).input;
  const key = issue.path[issue.path.length - 1];
  return input && typeof input === "object" && key !== undefined ? (input as Record<PropertyKey, unknown>)[key] : input;
}

/** Our regexes carry a human description as their message (the library's rules' `allowed`). */
function formatHint(issue: z.core.$ZodIssue): string {
  if (issue.message && !issue.message.startsWith("Invalid")) return issue.message;
  return `a valid ${(issue as { format?: string }).format ?? "value"}`;
}
