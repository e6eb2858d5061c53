import type { Report, RuleInfo } from "../../vocabulary/rule";

/** validate, synthesis and the doctor read a workspace file, or every *.json of a directory. */
export const workspaceFiles: RuleInfo & {
  missing(variable: string): Report;
  empty(): Report;
  unreadable(reason: string): Report;
} = {
  id: "workspace-files",
  stage: "file",
  level: "error",
  doc: {
    finds:
      "a path that does not exist, a directory without a `*.json` file, and a file that cannot be read as a workspace: not a regular file (a FIFO, a device, a dangling link), over 1 MiB, or not UTF-8 text",
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

  empty(): Report {
    return { path: "", info: "holds no *.json workspace file", fix: "add one (see config/workspaces/local.json)" };
  },

  unreadable(reason) {
    return { path: "", info: reason, fix: "give a regular file of UTF-8 JSON text, at most 1 MiB" };
  },
};
