/**
 * `npm run validate [-- [--offline] [<file or directory>...]]`: checks workspaces without synthesizing (and
 * without loading cdktf or any provider, so it stays fast enough to run on every save): every rule, then
 * the volumes that already exist (the stacks' state files, and the live volumes unless --offline or
 * CONVEX_STACK_OFFLINE=1). Every argument is checked, all of them together (the cross-workspace rules see
 * them all). Exit codes (docs/commands.md): 0 every workspace is fine, one summary line each; 1 something
 * is refused or unreadable, every problem listed; 2 the arguments are wrong; 3 validate itself failed.
 * No input makes it print a stack trace.
 */
import { WorkspaceConfigError } from "../vocabulary/findings";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import { loadDeployableWorkspaces } from "../guards";

const USAGE = "usage: npm run validate -- [--offline] [<workspace file or directory>...]";
const OPTIONS = ["--offline"];

const EXIT = { ok: 0, refused: 1, usage: 2, failed: 3 } as const;

function summary(ws: ResolvedWorkspace): string {
  const c = ws.config;
  const acknowledges = c.acknowledge.length > 0 ? `; acknowledges ${c.acknowledge.map((a) => a.rule).join(", ")}` : "";
  return `ok ${ws.name} (${ws.file}): ${c.storage.kind}, ${c.database.kind}, convex ${c.convex.version.slice(0, 12)}, backend ${ws.urls.backend}, dashboard ${ws.urls.dashboard}${acknowledges}`;
}

async function main(argv: readonly string[]): Promise<number> {
  // Everything after "--" is a path, even when it starts with a dash.
  const end = argv.includes("--") ? argv.indexOf("--") : argv.length;
  const isOption = (arg: string) => arg.startsWith("-");
  const options = argv.slice(0, end).filter(isOption);
  const paths = [...argv.slice(0, end).filter((arg) => !isOption(arg)), ...argv.slice(end + 1)];
  const unknown = options.find((option) => !OPTIONS.includes(option));
  if (unknown !== undefined) {
    process.stderr.write(`validate: unknown option ${JSON.stringify(unknown)}\n${USAGE}\n`);
    return EXIT.usage;
  }
  try {
    const workspaces = await loadDeployableWorkspaces({
      paths: paths.length > 0 ? paths : undefined,
      offline: options.includes("--offline") ? true : undefined,
    });
    for (const ws of workspaces) process.stdout.write(`${summary(ws)}\n`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof WorkspaceConfigError) {
      process.stderr.write(`${error.findings.length} problem(s):\n${error.message}\n`);
      return EXIT.refused;
    }
    // Not the input's fault (a bug, or the machine): say what failed, without a trace.
    process.stderr.write(`validate: could not finish: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  }
}

// main() catches everything itself: no input ends in a stack trace.
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
