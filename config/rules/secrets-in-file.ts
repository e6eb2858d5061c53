import { pathOf } from "../problems";
import { secretKindOf } from "../secret-patterns";
import type { FileRule } from "./rule";
import { stringsOf } from "./strings-of";

/**
 * Field notes 7: credentials ended up hard-coded in docker-compose.yml. A workspace file is committed and
 * printed, so a secret-looking value anywhere in it (known field or not, value or key) is refused, and
 * never echoed.
 */
export const noSecretsInFile: FileRule = {
  id: "no-secrets-in-file",
  check(file, raw) {
    const found = new Map<string, { what: string; instead: string }>();
    for (const { text, path } of stringsOf(raw)) {
      const kind = secretKindOf(text);
      const where = pathOf(path);
      if (kind && !found.has(where)) found.set(where, kind);
    }
    return [...found]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([path, { what, instead }]) => ({
        file,
        path,
        message:
          `holds ${what} (not shown here). Secrets never go in a workspace file: it is committed, copied and printed. ` +
          `Remove it and use ${instead}; if this file was ever committed or shared, rotate the secret`,
      }));
  },
};
