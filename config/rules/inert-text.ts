import { textHazard } from "../inert-text";
import { pathOf } from "../problems";
import { stringsOf } from "../strings-of";
import type { FileRule } from "../../vocabulary/rule";

/**
 * Nothing from a workspace file (or the environment values filled into it) is ever evaluated: a string
 * anywhere in the file, known field or not, value or key, that Terraform would read as a template, that
 * holds a control or invisible character, or that is longer than any field needs, is refused before the
 * schema or any finding sees it, and never quoted.
 */
export const inertText: FileRule = {
  id: "inert-text",
  stage: "file",
  level: "error",
  doc: {
    finds:
      "anywhere in the file, every value and key: a Terraform template sequence (`${`, `%{`), a control or invisible character, an unpaired surrogate, a string over 2,048 characters; the environment's Coder values are checked the same way",
    prevents:
      "Terraform evaluating a file's string: `${nonsensitive(var.database_url)}` in a URL prints the password into the dashboard's environment, `${file(...)}` reads the deploying machine",
    fix: "the value itself, in plain text; see [refused-input.md](refused-input.md)",
    source: "Terraform: string templates (`${...}`, `%{...}`) are evaluated in every string of a configuration",
  },
  cannotAcknowledge: "nothing from a workspace file may ever be evaluated by Terraform or a shell",

  check(raw) {
    const reports = new Map<string, { isKey: boolean; hazard: string }>();
    for (const { text, path, isKey } of stringsOf(raw)) {
      const hazard = textHazard(text);
      const where = pathOf(path);
      if (hazard && !reports.has(where)) reports.set(where, { isKey, hazard });
    }
    return [...reports].map(([path, { isKey, hazard }]) => ({
      path,
      info: `${isKey ? "is a key that holds" : "holds"} ${hazard} (not shown here). Nothing in a workspace file is evaluated by Terraform or a shell`,
      fix: "write the value itself, in plain text",
    }));
  },
};
