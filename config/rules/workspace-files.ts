import type { Report, RuleInfo } from "./rule";

/** validate, synthesis and the doctor read a workspace file, or every *.json of a directory. */
export const workspaceFiles: RuleInfo & { missing(variable: string): Report; empty(): Report } = {
  id: "workspace-files",
  stage: "file",
  level: "error",
  doc: {
    finds: "a path that does not exist, or a directory without a `*.json` file",
    prevents: "a synthesis of no stack at all (cdktf: `No Terraform code synthesized`)",
    fix: "point `CONVEX_STACK_WORKSPACES` (or the argument) at a workspace file or a directory of them",
    source: "config/load.ts",
  },
  cannotAcknowledge: "without it there is no workspace to check or build",

  missing(variable: string): Report {
    return { path: "", info: "does not exist", fix: `point ${variable} (or the argument) at a workspace file or a directory of them` };
  },

  empty(): Report {
    return { path: "", info: "holds no *.json workspace file", fix: "add one (see config/workspaces/local.json)" };
  },
};
