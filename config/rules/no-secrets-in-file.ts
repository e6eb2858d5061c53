import { pathOf } from "../problems";
import { secretKindOf } from "../secret-patterns";
import { stringsOf } from "../strings-of";
import type { FileRule, Report } from "../../vocabulary/rule";

/**
 * Hand-written deployments end up with credentials hard-coded in a docker-compose.yml. A workspace file is
 * committed and printed, so a secret-looking value anywhere in it (known field or not, value or key) is
 * refused, and never echoed.
 */
export const noSecretsInFile: FileRule = {
  id: "no-secrets-in-file",
  stage: "file",
  level: "error",
  doc: {
    finds:
      "anywhere in the file, also in unknown keys and invalid fields: AWS access key ids (`AKIA`, `ASIA`...), 40-character secret keys (also in a URL path or query, after `=`, as an ssh user, as a folder), URLs with a password, 64-hex instance secrets, PEM blocks, admin keys",
    prevents: "credentials in a file that is committed, copied and printed",
    fix: "the `TF_VAR_` variable the finding names; rotate the secret. The value is never printed: no finding, of any rule, quotes a secret-looking value, and JSON syntax errors give a line and column instead of a snippet",
    source: "docs/secrets.md: secrets enter only as sensitive Terraform variables",
  },
  cannotAcknowledge: "it keeps secrets out of a file that is committed, copied and printed",

  check(raw) {
    const found = new Map<string, { what: string; instead: string }>();
    for (const { text, path } of stringsOf(raw)) {
      const kind = secretKindOf(text);
      const where = pathOf(path);
      if (kind && !found.has(where)) found.set(where, kind);
    }
    return [...found]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([path, { what, instead }]): Report => ({
        path,
        info: `holds ${what} (not shown here). Secrets never go in a workspace file: it is committed, copied and printed`,
        fix: `remove it and use ${instead}; if this file was ever committed or shared, rotate the secret`,
      }));
  },
};
