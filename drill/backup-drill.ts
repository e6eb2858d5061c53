import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { statSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import { SNAPSHOT_COMMAND_LABEL, SNAPSHOT_LAYOUT, SYNC_COMMAND_LABEL, secretEnvName } from "../constructs/domain";
import { type Snapshot, SnapshotStore } from "../restore/snapshot-store";
import type { SnapshotSource } from "../vocabulary/storage-kind";
import type { Drill } from "./drill";
import { DrillRefused } from "./engine";
import { type StandInFile, StandInBackend } from "./stand-in";

/*
 * The LocalPlusSync part of the drill: the sidecars' first file sync and database snapshot land in the bucket,
 * the snapshot passes SQLite's integrity check, `npm run restore` puts it into the next volume generation and
 * the stand-in backend starts on it with exactly the data of the snapshot; then the same from nothing but the
 * bucket (disaster recovery).
 */

/** How long the bucket may take to list what the sidecars uploaded. */
const LANDING_SECONDS = 30;
/** How long the stand-in backend may take to write its first file. */
const FIRST_FILE_SECONDS = 30;

/** The store the sidecars upload to, read with the keys the deploy hands the sync sidecar. */
export function snapshotStore(source: SnapshotSource, env: NodeJS.ProcessEnv): SnapshotStore {
  const names = [secretEnvName(source.keys.accessKeyId), secretEnvName(source.keys.secretAccessKey)];
  const missing = names.filter((name) => !env[name]);
  if (missing.length > 0)
    throw new DrillRefused(`${missing.join(" and ")} must be set: the sync sidecar's keys, as the deploy passes them`);
  return new SnapshotStore(source, { accessKeyId: env[names[0]]!, secretAccessKey: env[names[1]]! });
}

/**
 * Before anything is created: the sync target's folder must be empty, or the drill's sidecars would upload
 * into someone's backups and prune their snapshots.
 */
export async function refuseUsedTarget(store: SnapshotStore): Promise<void> {
  const files = await store.listFiles();
  const snapshots = await store.listSnapshots();
  if (files.length + snapshots.length > 0)
    throw new DrillRefused(
      `the sync target ${store.bucket}/${store.prefix}/ already holds ${files.length} files and ${snapshots.length} snapshots: the drill's sidecars would upload into it and prune its snapshots. Point the workspace copy's storage.target.prefix at an empty folder`,
    );
}

/** The documented take-one-now: the command a sidecar's label holds, run in it with `sh -c` (docs/backups.md). */
async function takeOneNow(drill: Drill, label: string): Promise<string> {
  const container = drill
    .containers()
    .map((o) => String(o.attributes.name))
    .find((name) => drill.labelsOf(name)[label] !== undefined);
  if (!container) throw new Error(`no container of the stack carries the label ${label}`);
  const command = (await drill.engine.inspectContainer(container)).Config.Labels?.[label];
  if (!command) throw new Error(`${container} has no label ${label} on the engine`);
  const { exitCode, output } = await drill.engine.exec(container, ["sh", "-c", command]);
  if (exitCode !== 0)
    throw new Error(
      `docker exec ${container} sh -c "<its ${label}>" exited with ${exitCode}:\n${output
        .trimEnd()
        .split("\n")
        .slice(-15)
        .map((line) => `  | ${line}`)
        .join("\n")}`,
    );
  return container;
}

/** Waits until the bucket lists a complete snapshot and every one of `files`. */
async function waitForLanding(store: SnapshotStore, files: readonly StandInFile[]): Promise<Snapshot> {
  const deadline = Date.now() + LANDING_SECONDS * 1000;
  for (;;) {
    const complete = (await store.listSnapshots()).find((s) => s.complete);
    const stored = new Set((await store.listFiles()).map((f) => f.path));
    const missing = files.filter((f) => !stored.has(f.path));
    if (complete && missing.length === 0) return complete;
    if (Date.now() > deadline)
      throw new Error(
        `${complete ? "" : "no complete snapshot"}${!complete && missing.length > 0 ? " and " : ""}${missing.length > 0 ? `${missing.length} of the backend's ${files.length} files missing (${missing[0].path}, ...)` : ""} in ${store.bucket}/${store.prefix}/ ${LANDING_SECONDS} s after the sidecars' commands`,
      );
    await sleep(500);
  }
}

/** The restored backend's data: the marker from before the snapshot, not the one from after, and every file it had. */
async function checkRestoredData(
  backend: StandInBackend,
  markers: { readonly before: string; readonly after: string },
  files: readonly StandInFile[],
): Promise<void> {
  const status = await backend.status();
  if (status.createdDatabase !== false)
    throw new Error("the stand-in backend created a new database instead of opening the restored one");
  if (!(await backend.hasMarker(markers.before)))
    throw new Error(`the marker written before the snapshot (${markers.before}) is not in the restored database`);
  if (await backend.hasMarker(markers.after))
    throw new Error(
      `the marker written after the snapshot (${markers.after}) is in the database: the backend does not run on the snapshot`,
    );
  for (const file of files) {
    const served = await backend.serveStatus(file.path);
    if (served !== 200)
      throw new Error(`the backend serves ${file.path}, which it had before the snapshot, with ${served}`);
  }
}

export async function backupDrill(drill: Drill, store: SnapshotStore): Promise<void> {
  const { report } = drill;
  const backend = new StandInBackend(drill.backendUrl());
  const standIn = drill.standInNote(drill.ws.names.backendContainer);
  const tag = randomBytes(4).toString("hex");
  const markers = { before: `before-snapshot-${tag}`, after: `after-snapshot-${tag}` };
  let files: StandInFile[] = [];
  let snapshot: Snapshot | undefined;

  await report.step("first snapshot", async () => {
    await backend.writeMarker(markers.before);
    files = await backend.waitForFiles(FIRST_FILE_SECONDS);
    const snapshotter = await takeOneNow(drill, SNAPSHOT_COMMAND_LABEL);
    const syncer = await takeOneNow(drill, SYNC_COMMAND_LABEL);
    snapshot = await waitForLanding(store, files);
    return `snapshot ${snapshot.id} (${snapshot.databaseBytes} bytes) and the ${files.length} files the backend had are in ${store.bucket}/${store.prefix}/ (take-one-now: docker exec ${snapshotter}, then ${syncer}); marker ${markers.before} was written before it${standIn}`;
  });

  await report.step("snapshot integrity", async () => {
    const file = join(drill.runDir, `snapshot-${snapshot!.id}.sqlite3`);
    await store.download(store.snapshotKey(snapshot!.id, SNAPSHOT_LAYOUT.database), file);
    const bytes = statSync(file).size;
    // An empty file passes integrity_check: a snapshot must have pages.
    if (bytes === 0) throw new Error(`snapshot ${snapshot!.id}'s ${SNAPSHOT_LAYOUT.database} is empty`);
    const { stdout } = await promisify(execFile)("sqlite3", ["-readonly", file, "PRAGMA integrity_check"]);
    if (stdout.trim() !== "ok")
      throw new Error(`PRAGMA integrity_check of snapshot ${snapshot!.id} says: ${stdout.trim().slice(0, 500)}`);
    await backend.writeMarker(markers.after);
    return `sqlite3 PRAGMA integrity_check of ${store.prefix}/${SNAPSHOT_LAYOUT.folder}/${snapshot!.id}/${SNAPSHOT_LAYOUT.database} (${bytes} bytes): ok; marker ${markers.after} written after it`;
  });

  const restoreAndDeploy = async (when: string) => {
    let volume = "";
    await report.step(`restore${when}`, async () => {
      const restored = await drill.restore();
      volume = restored.volume;
      return `npm run restore put snapshot ${restored.snapshot} into ${volume}`;
    });
    await report.step(`deploy the restored volume${when}`, () => drill.redeploy(drill.generation + 1));
    await report.step(`restored data${when}`, async () => {
      await checkRestoredData(backend, markers, files);
      return `the backend runs on ${volume}: marker ${markers.before} is there, ${markers.after} is not, and the ${files.length} files it had are served${standIn}`;
    });
  };
  await restoreAndDeploy("");
  await report.step(
    "disaster",
    async () => `${await drill.removeEverything()}; no Terraform state or ledger left, only the bucket`,
  );
  await restoreAndDeploy(" after the disaster");
}
