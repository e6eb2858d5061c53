import type { Report, RuleInfo } from "./rule";

/** A workspace file must be one JSON object; anything else is said with a line and column, never a snippet. */
export const jsonSyntax: RuleInfo & { parse(text: string): { raw: Record<string, unknown> } | { report: Report } } = {
  id: "json-syntax",
  stage: "file",
  level: "error",
  doc: {
    finds: "a file that is not JSON, or JSON that is not one object",
    prevents: "a workspace nobody can read; the parser's message quotes the file, which may hold a secret",
    fix: "fix the syntax at the line and column given",
    source: "ECMA-404 (JSON)",
  },
  cannotAcknowledge: "without it there is no workspace to check or build",

  /** The file's value, or the report that says why there is none. */
  parse(text: string): { raw: Record<string, unknown> } | { report: Report } {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      return { report: { path: "", info: `is not valid JSON (${syntaxError(error, text)})`, fix: "fix the syntax" } };
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      return { report: { path: "", info: "does not hold a JSON object", fix: "make the file one JSON object, the workspace" } };
    }
    return { raw: raw as Record<string, unknown> };
  },
};

/**
 * JSON.parse's message without the snippet of the file V8 quotes (it could be a secret), with the
 * line and column instead of a character offset.
 */
function syntaxError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message.replace(/, ".*is not valid JSON$/s, "").replace(/ in JSON at position \d+.*$/s, "");
  const position = /at position (\d+)/.exec(message);
  if (!position) return reason;
  const before = text.slice(0, Number(position[1]));
  const line = before.split("\n").length;
  return `${reason} at line ${line}, column ${before.length - before.lastIndexOf("\n")}`;
}
