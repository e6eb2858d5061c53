/**
 * `npm run restore -- <workspace name or file> [--snapshot <id>] [--dry-run]`: lists a LocalPlusSync
 * workspace's database snapshots and restores one (the newest complete one by default) with the copied
 * files into the workspace's next volume generation, then says what to change and deploy. Exit 0 done (or a
 * dry run), 1 refused or failed (nothing was changed before the new volume is created), 2 bad arguments or
 * an unusable workspace file. Reads the sync target's keys from TF_VAR_sync_access_key_id and
 * TF_VAR_sync_secret_access_key, as the deploy does.
 */
import { RestoreRefused, restore } from "../restore/restore";
import { print, printError } from "./print";
import { workspaceArgument } from "./workspace-argument";

const USAGE = "usage: npm run restore -- <workspace name or file> [--snapshot <id>] [--dry-run]";

function parseArgs(argv: string[]): { target: string; snapshot?: string; dryRun: boolean } {
  const positional: string[] = [];
  let snapshot: string | undefined;
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--dry-run") dryRun = true;
    else if (arg === "--snapshot") {
      snapshot = argv[++i];
      if (!snapshot || snapshot.startsWith("-")) throw new Error(`--snapshot needs a snapshot id; ${USAGE}`);
    } else if (arg.startsWith("-")) throw new Error(`unknown option ${arg}; ${USAGE}`);
    else positional.push(arg);
  }
  if (positional.length !== 1)
    throw new Error(positional.length === 0 ? USAGE : `give one workspace, got ${positional.length}; ${USAGE}`);
  return { target: positional[0], snapshot, dryRun };
}

async function main(argv: string[]): Promise<number> {
  const given = workspaceArgument("restore", () => parseArgs(argv));
  if (!given) return 2;
  const { args, ws } = given;
  try {
    await restore(ws, { snapshot: args.snapshot, dryRun: args.dryRun, say: print });
    return 0;
  } catch (error) {
    // A refusal says what to do; anything else (the store, the engine) is said in one line, without a trace.
    printError(`restore: ${error instanceof RestoreRefused ? "" : "failed: "}${(error as Error).message}`);
    return 1;
  }
}

// The AWS SDK warns on stderr about Node 20 support in 2027; it says nothing about the restore.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
