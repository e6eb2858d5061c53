import { pathOf } from "../problems";
import { secretKindOf } from "../secret-patterns";
import type { FileRule, Report } from "./rule";

/**
 * Field notes 7: credentials ended up hard-coded in docker-compose.yml. A workspace file is committed and
 * printed, so a secret-looking value anywhere in it (known field or not) is refused, and never echoed.
 */
export const noSecretsInFile: FileRule = {
  id: "no-secrets-in-file",
  stage: "file",
  level: "error",
  doc: {
    finds:
      "anywhere in the file, also in unknown keys and invalid fields: AWS access key ids (`AKIA`, `ASIA`...), 40-character secret keys, URLs with a password, 64-hex instance secrets, PEM blocks, admin keys",
    prevents: "credentials in a committed file (field notes 7)",
    fix:
      "the `TF_VAR_` variable the finding names; rotate the secret. The value is never printed: no finding, of any rule, quotes a secret-looking value, and JSON syntax errors give a line and column instead of a snippet",
    source: "field notes 7",
  },
  cannotAcknowledge: "it keeps secrets out of a file that is committed, copied and printed",

  check(raw) {
    const found: { path: string; what: string; instead: string }[] = [];
    // Iterative walk: a hostile file may nest deeper than the call stack.
    const stack: { value: unknown; path: PropertyKey[] }[] = [{ value: raw, path: [] }];
    while (stack.length > 0) {
      const { value, path } = stack.pop()!;
      if (typeof value === "string") {
        const kind = secretKindOf(value);
        if (kind) found.push({ path: pathOf(path), ...kind });
      } else if (Array.isArray(value)) {
        value.forEach((item, i) => stack.push({ value: item, path: [...path, i] }));
      } else if (value && typeof value === "object") {
        for (const key of Object.keys(value)) {
          const kind = secretKindOf(key);
          if (kind) found.push({ path: pathOf([...path, "(a key)"]), ...kind });
          else stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
        }
      }
    }
    return found
      .sort((a, b) => a.path.localeCompare(b.path))
      .map(
        ({ path, what, instead }): Report => ({
          path,
          info: `holds ${what} (not shown here). Secrets never go in a workspace file: it is committed, copied and printed`,
          fix: `remove it and use ${instead}; if this file was ever committed or shared, rotate the secret`,
        }),
      );
  },
};
