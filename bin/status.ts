/**
 * `npm run status -- <workspace name or file> [--json]`: what a deployed workspace is doing, read from its
 * Docker engine (each container's state, health and restarts, the backend's revision against the pinned one,
 * the data volume's size, free space under the engine's data root) and, for LocalPlusSync, from its bucket (the
 * newest snapshot, the last copy of the files, the last good verification). Exit 0: nothing needs the operator;
 * 1: a container is missing, stopped or unhealthy, or the backups are stale or cannot be checked; 2: bad
 * arguments or an unusable workspace file. Reads the sync target's keys from TF_VAR_sync_access_key_id and
 * TF_VAR_sync_secret_access_key, as the deploy does (docs/operations.md). A failure of the command itself is 2 too.
 */
import { findWorkspace } from "../config/find-workspace";
import { WorkspaceConfigError } from "../vocabulary/findings";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import { formatJson, formatText } from "../status/report";
import { workspaceStatus } from "../status/status";
import { print, printError } from "./print";

const USAGE = "usage: npm run status -- <workspace name or file> [--json]";

function parseArgs(argv: string[]): { target: string; json: boolean } {
  const options = argv.filter((a) => a.startsWith("-"));
  const positional = argv.filter((a) => !a.startsWith("-"));
  const unknown = options.filter((o) => o !== "--json");
  if (unknown.length > 0) throw new Error(`unknown option ${unknown[0]}; ${USAGE}`);
  if (positional.length !== 1)
    throw new Error(positional.length === 0 ? USAGE : `give one workspace, got ${positional.length}; ${USAGE}`);
  return { target: positional[0], json: options.includes("--json") };
}

async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  let ws: ResolvedWorkspace;
  try {
    args = parseArgs(argv);
    ws = findWorkspace(args.target).ws;
  } catch (error) {
    if (error instanceof WorkspaceConfigError) printError(`status: the workspace is not valid:\n${error.message}`);
    else printError(`status: ${(error as Error).message}`);
    return 2;
  }
  const report = await workspaceStatus(ws);
  print(args.json ? formatJson(report) : formatText(report));
  return report.problems.length === 0 ? 0 : 1;
}

// The AWS SDK warns on stderr about Node 20 support in 2027; it says nothing about the status.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    printError(`status: failed: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}`);
    process.exitCode = 2;
  },
);
