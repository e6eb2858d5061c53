import { type DuplicateKey, readJson } from "../json-reader";
import type { Report, RuleInfo } from "../../vocabulary/rule";

/**
 * A workspace file must be one JSON object (config/json-reader.ts: RFC 8259, bounded nesting); anything else
 * is said with a line and column, never a snippet of the text.
 */
export const jsonSyntax: RuleInfo & {
  parse(text: string): { raw: Record<string, unknown>; duplicates: readonly DuplicateKey[] } | { report: Report };
} = {
  id: "json-syntax",
  stage: "file",
  level: "error",
  doc: {
    finds:
      "a file that is not JSON (a UTF-8 byte-order mark is read as such), nests deeper than 32 levels, or holds something else than one object",
    prevents:
      "a workspace nobody can read; the parser's message quotes the file, which may hold a secret; a reader that recurses as deep as a hostile file nests",
    fix: "fix the syntax at the line and column given",
    source: "RFC 8259; config/json-reader.ts",
  },
  cannotAcknowledge: "without it there is no workspace to check or build",

  parse(text) {
    const json = readJson(text);
    if (!json.ok) {
      return {
        report: {
          path: "",
          info: `is not valid JSON (${json.reason} at line ${json.position.line}, column ${json.position.column})`,
          fix: "fix the syntax",
        },
      };
    }
    if (typeof json.value !== "object" || json.value === null || Array.isArray(json.value)) {
      return {
        report: { path: "", info: "does not hold a JSON object", fix: "make the file one JSON object, the workspace" },
      };
    }
    return { raw: json.value as Record<string, unknown>, duplicates: json.duplicates };
  },
};
