/**
 * `npm run doctor -- <workspace name or file> [--json]`: checks a workspace against the real world (S3 store,
 * Docker host, ports, database, public URL) before a deploy. Exit 0: nothing would break the deploy;
 * 1: something would (each ✘ says how to fix it; a rule that refuses the file is one of them, and the live
 * checks still run); 2: bad arguments or a workspace file it cannot make a workspace of (JSON, schema).
 */
import { errorText } from "../probes/check";
import { formatJson, formatTable, runDoctor } from "../doctor";
import { print, printError } from "./print";
import { oneWorkspaceAnd, workspaceArgument } from "./workspace-argument";

const USAGE = "usage: npm run doctor -- <workspace name or file> [--json]";

async function main(argv: string[]): Promise<number> {
  const given = workspaceArgument("doctor", () => oneWorkspaceAnd(argv, ["--json"], USAGE));
  if (!given) return 2;
  const report = await runDoctor(given.ws, { findings: given.findings });
  print((given.args.flags.has("--json") ? formatJson(report) : formatTable(report)).replace(/\n$/, ""));
  return report.ok ? 0 : 1;
}

// The AWS SDK warns on stderr about Node 20 support in 2027; it says nothing about this check.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error) => {
    printError(`doctor: ${errorText(error)}`);
    process.exitCode = 2;
  },
);
