import type { Report, RuleInfo } from "../../vocabulary/rule";

/** validate, synthesis and the doctor read a workspace file, or every *.json of a directory. */
export const workspaceFiles: RuleInfo & {
  missing(variable: string): Report;
  empty(): Report;
  misnamed(name: string, extension: string, renamed: string): Report;
  unreadable(reason: string): Report;
} = {
  id: "workspace-files",
  stage: "file",
  level: "error",
  doc: {
    finds:
      "a path that does not exist, a directory without a `*.json` file, a file in it named like a workspace but not `*.json` (`.JSON`, `.json5`, `.jsno`, a trailing space), and a file that cannot be read as a workspace: not a regular file (a FIFO, a device, a dangling link), over 1 MiB, or not UTF-8 text",
    prevents:
      "a synthesis of no stack at all (cdktf: `No Terraform code synthesized`); a read that blocks forever on a FIFO or never ends on a device",
    fix: "point `CONVEX_STACK_WORKSPACES` (or the argument) at a workspace file or a directory of them",
    source: "config/load.ts, config/text-file.ts",
  },
  cannotAcknowledge: "without it there is no workspace to check or build",

  missing(variable: string): Report {
    return {
      path: "",
      info: "does not exist",
      fix: `point ${variable} (or the argument) at a workspace file or a directory of them`,
    };
  },

  misnamed(name, extension, renamed) {
    return {
      path: "",
      info: `${JSON.stringify(name)} is named like a workspace file, but its extension is ${JSON.stringify(extension)}, not "json": it would not be read, and no stack made for it`,
      fix: `rename it to ${JSON.stringify(renamed)} (a workspace file is strict JSON named <name>.json: no comments)`,
    };
  },

  empty(): Report {
    return { path: "", info: "holds no *.json workspace file", fix: "add one (see config/workspaces/local.json)" };
  },

  unreadable(reason) {
    return { path: "", info: reason, fix: "give a regular file of UTF-8 JSON text, at most 1 MiB" };
  },
};
