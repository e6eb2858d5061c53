/**
 * `npm run status -- <workspace name or file> [--json]`: what a deployed workspace is doing, read from its
 * Docker engine (each container's state, health and restarts, the backend's revision against the pinned one,
 * the data volume's size, free space under the engine's data root) and, for LocalPlusSync, from its bucket (the
 * newest snapshot, the last copy of the files, the last good verification). Exit 0: nothing needs the operator;
 * 1: a container is missing, stopped or unhealthy, or the backups are stale or cannot be checked; 2: bad
 * arguments or an unusable workspace file. Reads the sync target's keys from TF_VAR_sync_access_key_id and
 * TF_VAR_sync_secret_access_key, as the deploy does (docs/operations.md). A failure of the command itself is 2 too.
 */
import { formatJson, formatText } from "../status/report";
import { workspaceStatus } from "../status/status";
import { print, printError } from "./print";
import { oneWorkspaceAnd, workspaceArgument } from "./workspace-argument";

const USAGE = "usage: npm run status -- <workspace name or file> [--json]";

async function main(argv: string[]): Promise<number> {
  const given = workspaceArgument("status", () => oneWorkspaceAnd(argv, ["--json"], USAGE));
  if (!given) return 2;
  const { args, ws } = given;
  const report = await workspaceStatus(ws);
  print(args.flags.has("--json") ? formatJson(report) : formatText(report));
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
