import type { z } from "zod";
import { allowedKeysAt, closestKey } from "./allowed-keys";
import { textHazard } from "./inert-text";
import type { Report } from "../vocabulary/rule";
import { looksSecret, REDACTED } from "./secret-patterns";

/**
 * A value as a finding may quote it: short, and never a secret or a string the inert-text rule refuses
 * (those rules name what they found instead).
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  // JSON would say null: 1e400 and the like read as infinity.
  if (typeof value === "number" && !Number.isFinite(value))
    return "a number beyond the range of a double (it reads as infinity)";
  const json = safeStringify(value);
  if (json === undefined)
    // JSON writes neither a bigint nor a symbol; a function or a circular object is not shown.
    return typeof value === "bigint" || typeof value === "symbol" ? String(value) : "a value JSON cannot write";
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
    .map((key, i) =>
      typeof key === "number"
        ? `[${key}]`
        : `${i ? "." : ""}${typeof key === "string" && !showable(key) ? "(a key)" : String(key)}`,
    )
    .join("");
}

function showable(key: string): boolean {
  return !looksSecret(key) && !textHazard(key);
}

/**
 * Turns one of zod's issues into a report: the value given (`info`) and what the field takes (`fix`).
 * `file` is the whole file and `schema` the one it was parsed with, for the keys allowed where an unknown one stands.
 */
export function reportFromIssue(issue: z.core.$ZodIssue, file: unknown, schema: z.core.$ZodType): Report {
  const path = pathOf(issue.path);
  const given = "input" in issue ? describeValue(issue.input) : "nothing";
  const got = { path, info: `got ${given}` };
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = allowedKeysAt(issue.path, file, schema);
      const hints = issue.keys.map((key) => {
        const meant = closestKey(key, allowed);
        return meant ? `${describeKey(key)} (did you mean "${meant}"?)` : describeKey(key);
      });
      return {
        path,
        info: `unknown key ${hints.join(", ")} (unknown keys are refused so typos are caught)`,
        fix: `correct or remove it; allowed here: ${allowed.join(", ")}`,
      };
    }
    case "invalid_union":
      if ("options" in issue && Array.isArray(issue.options)) {
        return {
          path,
          info: `got ${describeValue(lastKeyOf(issue))}`,
          fix: `use one of ${issue.options.map((o) => JSON.stringify(o)).join(", ")}`,
        };
      }
      // A union given its own message (as the bind address is) says what it allows; zod's default says nothing.
      if (issue.message && issue.message !== "Invalid input") return { ...got, fix: `give ${issue.message}` };
      return {
        path,
        info: `got ${given}, which matches none of the allowed forms`,
        fix: `give one of the forms docs/workspace-file.md lists for ${path || "the file"}`,
      };
    case "invalid_value":
      return { ...got, fix: `use one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}` };
    case "invalid_type":
      if (issue.input === undefined) return { path, info: `is required (expected ${issue.expected})`, fix: "add it" };
      return { ...got, fix: `give ${withArticle(issue.expected)}` };
    case "invalid_format":
      return { ...got, fix: `give ${formatHint(issue)}` };
    case "too_small":
    case "too_big":
      return { ...got, fix: boundHint(issue.message) };
    default: {
      // Our own refinements (vocabulary/workspace-schema.ts) say what is wrong as the message and what to do as params.fix.
      const fix = (issue as { params?: { fix?: unknown } }).params?.fix;
      return {
        path,
        info: `got ${given}: ${issue.message}`,
        fix: typeof fix === "string" ? fix : `correct ${path || "the file"} as said`,
      };
    }
  }
}

/** zod's "Too small: expected number to be >=1" as a fix; a bound with its own message is that message. */
function boundHint(message: string): string {
  const bound = /^Too (?:small|big): expected \w+ to (have|be) (.*)$/.exec(message);
  if (!bound) return `give ${message}`;
  return bound[1] === "have" ? `give one with ${bound[2]}` : `give a value ${bound[2]}`;
}

function withArticle(type: string): string {
  return `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;
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
