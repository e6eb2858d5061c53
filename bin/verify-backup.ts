/**
 * `npm run verify-backup -- <workspace name or file>`: restores a LocalPlusSync workspace's newest snapshot into
 * a throw-away volume, starts the workspace's pinned backend image on it, checks that it serves, removes what it
 * made and records the pass next to the snapshots, where `npm run status` reads it (docs/backups.md). Exit 0:
 * verified; 1: the verification failed (a damaged snapshot, a backend that did not serve on it) or was refused
 * (no snapshot, no keys, a kind that keeps none); 2: bad arguments or an unusable workspace file. Reads the sync
 * target's keys from TF_VAR_sync_access_key_id and TF_VAR_sync_secret_access_key, as the deploy does.
 */
import { RestoreRefused } from "../restore/restore";
import { VerificationFailed, verifyBackup } from "../restore/verify-backup";
import { print, printError } from "./print";
import { oneWorkspaceAnd, workspaceArgument } from "./workspace-argument";

const USAGE = "usage: npm run verify-backup -- <workspace name or file>";

async function main(argv: string[]): Promise<number> {
  const given = workspaceArgument("verify-backup", () => oneWorkspaceAnd(argv, [], USAGE));
  if (!given) return 2;
  const { ws } = given;
  try {
    const { snapshot } = await verifyBackup(ws, { say: print });
    print(`Verified: snapshot ${snapshot} restores and the backend serves on it; recorded for npm run status.`);
    return 0;
  } catch (error) {
    const message = (error as Error).message;
    if (error instanceof VerificationFailed) printError(`verify-backup: FAILED: ${message}`);
    else if (error instanceof RestoreRefused) printError(`verify-backup: ${message}`);
    else printError(`verify-backup: failed: ${message.split("\n")[0]}`);
    return 1;
  }
}

// The AWS SDK warns on stderr about Node 20 support in 2027; it says nothing about the verification.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
