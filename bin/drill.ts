/**
 * `npm run drill -- <workspace file> [--keep]`: brings the workspace up on the local Docker engine from its own
 * cdk.tf.json (docs/commands.md, docs/backups.md). Exit 0 when every step passed, 1 when one failed or the
 * drill refused to start, 2 bad arguments or an unusable workspace file.
 */
import { runDrill } from "../drill/run";

const USAGE = "usage: npm run drill -- <workspace file> [--keep]";

function parseArgs(argv: string[]): { workspaceFile: string; keep: boolean } {
  const files = argv.filter((arg) => !arg.startsWith("-"));
  const unknown = argv.filter((arg) => arg.startsWith("-") && arg !== "--keep");
  if (unknown.length > 0) throw new Error(`unknown option ${unknown[0]}; ${USAGE}`);
  if (files.length !== 1)
    throw new Error(files.length === 0 ? USAGE : `give one workspace file, got ${files.length}; ${USAGE}`);
  return { workspaceFile: files[0], keep: argv.includes("--keep") };
}

async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`drill: ${(error as Error).message}\n`);
    return 2;
  }
  const outcome = await runDrill(args);
  return outcome === "passed" ? 0 : outcome === "failed" ? 1 : 2;
}

// The AWS SDK warns on stderr about Node 20 support in 2027; it says nothing about the drill.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
