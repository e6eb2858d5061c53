import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { BACKEND_HEALTHCHECK, BACKEND_IMAGE, DATA_MOUNT_PATH, LABEL_PREFIX, logSettings } from "../constructs/domain";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import { copyIntoVolume, createVolume, removeVolume } from "./docker-volume";
import {
  checkRevision,
  choose,
  downloadFiles,
  downloadSnapshot,
  filesOfSnapshot,
  openSnapshotStore,
  recordedRevision,
  RestoreRefused,
} from "./restore";

/*
 * `npm run verify-backup`: a backup is only a backup once it has been restored and a backend has served on it.
 * The newest complete snapshot (and the files its manifest lists) goes into a throw-away volume, the workspace's
 * pinned backend image starts on it with no network and no ports, and the deployed backend's own healthcheck
 * probe (GET /version, BACKEND_HEALTHCHECK) must pass in it. Whatever happens, the container and the volume it
 * made are removed; nothing of the deployment is touched. A pass is recorded next to the snapshots
 * (SNAPSHOT_LAYOUT.verification), where `npm run status` reads it.
 */

/** The label of what a verification makes, with the workspace's name: never the data volume's labels. */
const VERIFICATION_LABEL = `${LABEL_PREFIX}verification-of`;

export interface VerifyOptions {
  /** Where the sync keys are read from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Receives each line of the report. */
  readonly say: (line: string) => void;
  /** How long the backend may take to serve. @default the workspace's convex.waitTimeout */
  readonly timeoutSeconds?: number;
}

/** A verification that failed: the snapshot did not restore, or no backend served on it. */
export class VerificationFailed extends Error {}

const TIMEOUT_MS = 60_000;
const POLL_MS = 1000;
const LOG_LINES = 15;

function docker(
  host: string,
  args: readonly string[],
  timeoutMs = TIMEOUT_MS,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      "docker",
      ["--host", host, ...args],
      {
        encoding: "utf8",
        timeout: timeoutMs,
        maxBuffer: 4 * 1024 * 1024,
        env: { ...process.env, DOCKER_CLI_HINTS: "false" },
      },
      (error, stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        if (error && typeof code !== "number") return reject(new Error(error.message.split("\n")[0]));
        resolve({ code: typeof code === "number" ? code : 0, output: `${stdout}${stderr}` });
      },
    ).stdin?.end();
  });
}

async function dockerOk(host: string, args: readonly string[]): Promise<string> {
  const { code, output } = await docker(host, args);
  if (code !== 0) throw new Error(`docker ${args[0]} ${args[1] ?? ""}: ${output.trim().split("\n")[0]}`);
  return output.trim();
}

/** The backend's container settings of the workspace that a verification keeps: its limits and bounded logs. */
function runArguments(ws: ResolvedWorkspace): string[] {
  const limits = ws.config.resources.backend;
  const logs = logSettings(ws.config.logging);
  return [
    ...(limits?.memoryMiB !== undefined
      ? ["--memory", `${limits.memoryMiB}m`, "--memory-swap", `${limits.memoryMiB + (limits.swapMiB ?? 0)}m`]
      : []),
    ...(limits?.cpus !== undefined ? ["--cpus", String(limits.cpus)] : []),
    "--log-driver",
    logs.driver,
    ...Object.entries(logs.options).flatMap(([key, value]) => ["--log-opt", `${key}=${value}`]),
  ];
}

/** Polls the healthcheck's probe inside the container until it passes; fails as soon as the container stops. */
async function waitUntilServing(host: string, container: string, timeoutSeconds: number): Promise<number> {
  const started = Date.now();
  const probe = BACKEND_HEALTHCHECK.test.slice(1); // ["CMD", ...]: the command itself
  for (;;) {
    const state = await dockerOk(host, [
      "container",
      "inspect",
      "--format",
      "{{.State.Status}} {{.State.ExitCode}}",
      container,
    ]);
    const [status, exitCode] = state.split(" ");
    if (status !== "running") {
      const { output } = await docker(host, ["logs", "--tail", String(LOG_LINES), container]);
      throw new VerificationFailed(
        `the backend stopped (${status}, exit code ${exitCode}) instead of serving on the restored data; its last log lines:\n${indent(output)}`,
      );
    }
    if ((await docker(host, ["exec", container, ...probe])).code === 0) return (Date.now() - started) / 1000;
    if (Date.now() - started > timeoutSeconds * 1000) {
      const { output } = await docker(host, ["logs", "--tail", String(LOG_LINES), container]);
      throw new VerificationFailed(
        `the backend did not answer ${probe.at(-1)} within ${timeoutSeconds} s (convex.waitTimeout); its last log lines:\n${indent(output)}`,
      );
    }
    await sleep(POLL_MS);
  }
}

const indent = (text: string) =>
  text
    .trimEnd()
    .split("\n")
    .map((line) => `  | ${line}`)
    .join("\n") || "  (it wrote nothing)";

/**
 * Restores the newest complete snapshot into a throw-away volume, starts the pinned backend on it, checks that it
 * serves, removes both, and records the pass. Throws RestoreRefused (nothing to verify: wrong kind, no keys, no
 * snapshot, an older pinned revision) or VerificationFailed (the snapshot is damaged, or no backend served on it).
 */
export async function verifyBackup(
  ws: ResolvedWorkspace,
  options: VerifyOptions,
): Promise<{ snapshot: string; seconds: number }> {
  const { say } = options;
  const host = ws.config.docker.host;
  const image = `${BACKEND_IMAGE}:${ws.config.convex.version}`;
  const store = openSnapshotStore(ws, { env: options.env });
  const work = mkdtempSync(join(tmpdir(), "convex-verify-"));
  const made = `convex-${ws.name}-verify-${randomBytes(4).toString("hex")}`;
  let volumeMade = false;
  let containerMade = false;
  try {
    const snapshot = choose(await store.listSnapshots(), undefined, ws.name);
    const revision = await recordedRevision(store, snapshot.id);
    checkRevision(ws, revision, snapshot.id);
    if ((await docker(host, ["image", "inspect", "--format", "{{.Id}}", image])).code !== 0)
      throw new RestoreRefused(
        `the pinned backend image ${image} is not on the Docker engine ${host}: deploy the workspace first (or docker pull ${image})`,
      );
    say(
      `Verifying snapshot ${snapshot.id} (${snapshot.time.toISOString()}) of ${ws.name} from ${store.bucket}/${store.prefix}/`,
    );
    let manifest: Set<string> | undefined;
    try {
      manifest = await downloadSnapshot(store, snapshot.id, work);
    } catch (error) {
      if (error instanceof RestoreRefused) throw new VerificationFailed(error.message.replace(/ Pick another.*$/, ""));
      throw error;
    }
    const { files, missing } = filesOfSnapshot(manifest, await store.listFiles());
    if (missing.length > 0)
      throw new VerificationFailed(
        `${missing.length} file(s) snapshot ${snapshot.id} lists are not in the bucket, e.g. ${JSON.stringify(missing[0])}: a restore of it would lose them`,
      );
    await downloadFiles(store, files, work);
    say(
      `  restored: the database (checked against its checksums) and ${files.length} file(s), into a throw-away volume ${made}`,
    );
    createVolume(host, made, { [VERIFICATION_LABEL]: ws.name });
    volumeMade = true;
    await copyIntoVolume(host, made, DATA_MOUNT_PATH, work);
    containerMade = true;
    await dockerOk(host, [
      "container",
      "run",
      "--detach",
      "--name",
      made,
      "--label",
      `${VERIFICATION_LABEL}=${ws.name}`,
      // Nothing reaches it and it reaches nothing: the probe runs inside, as the deployed healthcheck does.
      "--network",
      "none",
      "--volume",
      `${made}:${DATA_MOUNT_PATH}`,
      "--env",
      `INSTANCE_NAME=${ws.instanceName}`,
      "--env",
      "DISABLE_BEACON=true",
      ...runArguments(ws),
      image,
    ]);
    const seconds = await waitUntilServing(host, made, options.timeoutSeconds ?? ws.config.convex.waitTimeout);
    say(`  served: ${image} answered ${BACKEND_HEALTHCHECK.test.at(-1)} on it after ${seconds.toFixed(1)} s`);
    await store.recordVerification({
      snapshot: snapshot.id,
      verifiedAt: new Date(),
      revision: ws.config.convex.version,
    });
    return { snapshot: snapshot.id, seconds };
  } finally {
    rmSync(work, { recursive: true, force: true });
    store.destroy();
    const removed: string[] = [];
    try {
      if (containerMade && (await docker(host, ["container", "rm", "--force", made])).code === 0)
        removed.push(`container ${made}`);
      if (volumeMade) {
        removeVolume(host, made);
        removed.push(`volume ${made}`);
      }
    } catch (error) {
      say(
        `  could not remove what it made (${(error as Error).message}): docker rm -f ${made}; docker volume rm ${made}`,
      );
    }
    if (removed.length > 0) say(`  removed: ${removed.join(" and ")}`);
  }
}
