import { statSync } from "node:fs";
import { type RuleFindings, loadWorkspacesWithFindings, workspacesPath } from "./load";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";

/**
 * The one workspace a command is about, given as a workspace name or a file: a path (it has a slash, ends in
 * .json, or exists) is loaded directly; anything else is looked up among the workspaces `npm run validate`
 * loads. Returns it with what the rules say about it (the commands decide what to do with that); throws an
 * Error saying what was wrong with the argument, or WorkspaceConfigError for a file that is no workspace.
 */
export function findWorkspace(target: string): { ws: ResolvedWorkspace; findings: RuleFindings } {
  const looksLikePath = target.includes("/") || target.endsWith(".json") || exists(target);
  if (looksLikePath) {
    if (!exists(target)) throw new Error(`${target} does not exist; give a workspace file or a workspace name`);
    if (statSync(target).isDirectory())
      throw new Error(`${target} is a directory; give one workspace file or a workspace name`);
    const loaded = loadWorkspacesWithFindings({ path: target });
    return { ws: loaded.workspaces[0], findings: loaded };
  }
  const loaded = loadWorkspacesWithFindings();
  const ws = loaded.workspaces.find((w) => w.name === target);
  if (!ws)
    throw new Error(
      `unknown workspace "${target}"; ${workspacesPath()} has: ${loaded.workspaces.map((w) => w.name).join(", ")}`,
    );
  // This file's findings only (a cross-workspace rule names the file that has to change).
  return {
    ws,
    findings: {
      findings: loaded.findings.filter((f) => f.file === ws.file),
      acknowledged: loaded.acknowledged.filter((f) => f.file === ws.file),
    },
  };
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
