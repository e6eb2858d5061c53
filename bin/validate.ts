/**
 * `npm run validate [-- <file or directory>]`: checks workspaces without synthesizing (and without
 * loading cdktf or any provider, so it stays fast enough to run on every save).
 * Exit 0 with one summary line per workspace, or exit 1 with every problem listed.
 */
import { loadWorkspaces } from "../config/load";
import { WorkspaceConfigError } from "../config/problems";
import type { ResolvedWorkspace } from "../config/resolve";

function summary(ws: ResolvedWorkspace): string {
  const c = ws.config;
  return `ok ${ws.name} (${ws.file}): ${c.storage.kind}, ${c.database.kind}, convex ${c.convex.version.slice(0, 12)}, backend ${ws.urls.backend}, dashboard ${ws.urls.dashboard}`;
}

function main(argv: string[]): number {
  try {
    const workspaces = loadWorkspaces({ path: argv[0] });
    for (const ws of workspaces) process.stdout.write(`${summary(ws)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof WorkspaceConfigError)) throw error;
    process.stderr.write(`${error.problems.length} problem(s):\n${error.message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
