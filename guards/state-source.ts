import { relative } from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import { readTextFile } from "../config/text-file";
import { readRemoteState } from "./remote-state";
import { stateBucketClient } from "./state-bucket-client";
import { type StateRead, parseStateDocument } from "./state-document";
import { localStatePath } from "./state-file";
import { type StateLocation, describeS3State, stateLocation } from "./state-location";

/** A stack's state is tens of kilobytes; far more is not a state file this project wrote. */
const MAX_STATE_FILE_BYTES = 64 * 1024 * 1024;

/** Long enough for a store across the internet, short enough for validate on every save. */
const STATE_TIMEOUT_MS = 5000;

/** The state a workspace's stack has, wherever its `state` block keeps it. */
interface WorkspaceState {
  readonly location: StateLocation;
  /** Names it in messages: "the state file <path>" or "the remote state s3://<bucket>/<key>". */
  readonly where: string;
  /** Only the path or the S3 URL. */
  readonly shown: string;
  readonly read: StateRead;
  /** Something to say next to any verdict drawn from it (without the workspace file's name). */
  readonly note?: string;
}

/** Every workspace's state, read once for every check that needs it. */
export type WorkspaceStates = ReadonlyMap<ResolvedWorkspace, WorkspaceState>;

export interface StateSourceOptions {
  /** The synthesis output directory; local state files sit next to it. */
  readonly outdir: string;
  /** Where the AWS credentials of remote states are read from, as Terraform reads them. */
  readonly env: NodeJS.ProcessEnv;
  /** How long one remote read may take. @default STATE_TIMEOUT_MS */
  readonly timeoutMs?: number;
}

/**
 * Reads the state of every workspace: a local file, or one GetObject per remote state, all remote reads
 * at once. Each answer is the parsed document, "absent", or "unreadable" with the reason. A workspace
 * switched to remote state whose object does not exist yet while its local state file does (the move not
 * made yet) is read from the local file, with a note saying so.
 */
export async function readWorkspaceStates(
  workspaces: readonly ResolvedWorkspace[],
  options: StateSourceOptions,
): Promise<WorkspaceStates> {
  const timeoutMs = options.timeoutMs ?? STATE_TIMEOUT_MS;
  const clients = new Map<string, S3Client>();
  const clientFor = (region: string, endpoint: string | undefined) => {
    const key = `${endpoint ?? ""} ${region}`;
    if (!clients.has(key)) clients.set(key, stateBucketClient({ region, endpoint }, options.env, timeoutMs));
    return clients.get(key)!;
  };
  try {
    const entries = await Promise.all(
      workspaces.map(async (ws): Promise<[ResolvedWorkspace, WorkspaceState]> => {
        const location = stateLocation(ws, options.outdir);
        if (location.kind === "local") return [ws, localState(location.path)];
        const object = location.object;
        const shown = describeS3State(object);
        const read = await readRemoteState(clientFor(object.region, object.endpoint), object, timeoutMs);
        const remote: WorkspaceState = { location, where: `the remote state ${shown}`, shown, read };
        if (read.kind !== "absent") return [ws, remote];
        const local = localState(localStatePath(ws.name, options.outdir));
        if (local.read.kind === "absent") return [ws, remote];
        const note =
          `state.backend is "s3", but the remote state ${shown} does not exist yet while ${local.where} does: it was compared instead. ` +
          `Move it to the bucket before deploying (npx cdktf deploy ${ws.name} --migrate-state; see docs/state.md), or Terraform starts from an empty state`;
        return [ws, { ...local, note }];
      }),
    );
    return new Map(entries);
  } finally {
    for (const client of clients.values()) client.destroy();
  }
}

function localState(path: string): WorkspaceState {
  const inProject = relative(process.cwd(), path);
  const shown = inProject && !inProject.startsWith("..") ? inProject : path;
  return { location: { kind: "local", path }, where: `the state file ${shown}`, shown, read: readLocalState(path) };
}

export function readLocalState(path: string): StateRead {
  // A named pipe or a device at the path must not block validate: only a regular file is read.
  const file = readTextFile(path, MAX_STATE_FILE_BYTES);
  if (!file.ok) return file.absent ? { kind: "absent" } : { kind: "unreadable", reason: `it ${file.reason}` };
  return parseStateDocument(file.text);
}
