import type { Report, RuleInfo } from "../../vocabulary/rule";

/** Copies of workspace files next to them (editor backups, swap files): not read, and said. */
export const workspaceFileCopies: RuleInfo & { copy(name: string): Report } = {
  id: "workspace-file-copies",
  stage: "file",
  level: "warning",
  doc: {
    finds:
      "in a directory of workspaces, a file named like a copy of one (`shop.json~`, `shop.json.bak`, `.shop.json.swp`, `#shop.json#`): it is not read",
    prevents: "a workspace edited in a copy that is never deployed, without a word",
    fix: "remove the copy, or move it out of the directory",
    source: "config/workspace-file-names.ts",
  },
  cannotAcknowledge: "it is said once per run and changes nothing",

  copy(name) {
    return {
      path: "",
      info: `${JSON.stringify(name)} looks like a copy of a workspace file (an editor's backup or swap file): it is not read`,
      fix: "remove it, or move it out of the directory; a workspace file is named <name>.json",
    };
  },
};
