/**
 * `npm run doctor -- <workspace name or file> [--json]`: checks a workspace against the real world (S3 store,
 * Docker host, ports, database, public URL) before a deploy. Exit 0: nothing would break the deploy;
 * 1: something would (each ✘ says how to fix it; a rule that refuses the file is one of them, and the live
 * checks still run); 2: bad arguments or a workspace file it cannot make a workspace of (JSON, schema).
 */
import { findWorkspace } from "../config/find-workspace";
import { WorkspaceConfigError } from "../vocabulary/findings";
import type { RuleFindings } from "../config/load";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import { errorText } from "../probes/check";
import { formatJson, formatTable, runDoctor } from "../doctor";

const USAGE = "usage: npm run doctor -- <workspace name or file> [--json]";

class UsageError extends Error {}

function parseArgs(argv: string[]): { target: string; json: boolean } {
  const options = argv.filter((a) => a.startsWith("-"));
  const positional = argv.filter((a) => !a.startsWith("-"));
  const unknown = options.filter((o) => o !== "--json");
  if (unknown.length > 0) throw new UsageError(`unknown option ${unknown[0]}; ${USAGE}`);
  if (positional.length !== 1)
    throw new UsageError(positional.length === 0 ? USAGE : `give one workspace, got ${positional.length}; ${USAGE}`);
  return { target: positional[0], json: options.includes("--json") };
}

async function main(argv: string[]): Promise<number> {
  let found: { ws: ResolvedWorkspace; findings: RuleFindings };
  let json: boolean;
  try {
    const args = parseArgs(argv);
    json = args.json;
    found = findWorkspace(args.target);
  } catch (error) {
    if (error instanceof WorkspaceConfigError)
      process.stderr.write(`doctor: the workspace is not valid:\n${error.message}\n`);
    else process.stderr.write(`doctor: ${errorText(error)}\n`);
    return 2;
  }
  const report = await runDoctor(found.ws, { findings: found.findings });
  process.stdout.write(json ? formatJson(report) : formatTable(report));
  return report.ok ? 0 : 1;
}

// The AWS SDK warns on stderr about Node 20 support in 2027; it says nothing about this check.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error) => {
    process.stderr.write(`doctor: ${errorText(error)}\n`);
    process.exitCode = 2;
  },
);
