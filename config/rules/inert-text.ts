import { textHazard } from "../inert-text";
import { pathOf } from "../problems";
import type { FileRule } from "./rule";
import { stringsOf } from "./strings-of";

/**
 * Nothing from a workspace file (or the environment values filled into it) is ever evaluated: a string
 * anywhere in the file, known field or not, value or key, that Terraform would read as a template, that
 * holds a control or invisible character, or that is longer than any field needs, is refused before the
 * schema or any message sees it, and never quoted.
 */
export const inertText: FileRule = {
  id: "inert-text",
  check(file, raw) {
    const problems = new Map<string, string>();
    for (const { text, path, isKey } of stringsOf(raw)) {
      const hazard = textHazard(text);
      const where = pathOf(path);
      if (!hazard || problems.has(where)) continue;
      problems.set(
        where,
        `${isKey ? "is a key that holds" : "holds"} ${hazard} (not shown here). Nothing in a workspace file is evaluated by Terraform or a shell: ` +
          "write the value itself, in plain text",
      );
    }
    return [...problems].map(([path, message]) => ({ file, path, message }));
  },
};
