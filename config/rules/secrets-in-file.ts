import { pathOf } from "../problems";
import { secretKindOf } from "../secret-patterns";
import type { FileRule } from "./rule";

/**
 * Field notes 7: credentials ended up hard-coded in docker-compose.yml. A workspace file is committed and
 * printed, so a secret-looking value anywhere in it (known field or not) is refused, and never echoed.
 */
export const noSecretsInFile: FileRule = {
  id: "no-secrets-in-file",
  check(file, raw) {
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
      .map(({ path, what, instead }) => ({
        file,
        path,
        message:
          `holds ${what} (not shown here). Secrets never go in a workspace file: it is committed, copied and printed. ` +
          `Remove it and use ${instead}; if this file was ever committed or shared, rotate the secret`,
      }));
  },
};
