/**
 * `npm run validate [-- [--offline] <file or directory>]`: checks workspaces without synthesizing (and
 * without loading cdktf or any provider, so it stays fast enough to run on every save): every rule, then
 * the volumes that already exist (the stacks' state files, and the live volumes unless --offline or
 * CONVEX_STACK_OFFLINE=1). Exit 0 with one summary line per workspace, or exit 1 with every problem listed.
 */
import { WorkspaceConfigError } from "../config/problems";
import type { ResolvedWorkspace } from "../config/resolve";
import { loadDeployableWorkspaces } from "../guards";

function summary(ws: ResolvedWorkspace): string {
  const c = ws.config;
  return `ok ${ws.name} (${ws.file}): ${c.storage.kind}, ${c.database.kind}, convex ${c.convex.version.slice(0, 12)}, backend ${ws.urls.backend}, dashboard ${ws.urls.dashboard}`;
}

async function main(argv: string[]): Promise<number> {
  const offline = argv.includes("--offline") ? true : undefined;
  const paths = argv.filter((arg) => arg !== "--offline");
  try {
    const workspaces = await loadDeployableWorkspaces({ path: paths[0], offline });
    for (const ws of workspaces) process.stdout.write(`${summary(ws)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof WorkspaceConfigError)) throw error;
    process.stderr.write(`${error.problems.length} problem(s):\n${error.message}\n`);
    return 1;
  }
}

// A rejection other than a refusal is a bug: Node prints it with its stack and exits 1, as for a throw.
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
