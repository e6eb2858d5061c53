import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import {
  compareRevisions,
  DATA_MOUNT_PATH,
  dateRevision,
  fingerprintLabels,
  LABEL_PREFIX,
  LIMITS,
  resourceNames,
  RevisionOrder,
  secretEnvName,
  SNAPSHOT_LAYOUT,
} from "../constructs/domain";
import { describeRevisionAge } from "../upgrades/revision-words";
import { inspectVolumes } from "../guards/docker-volumes";
import { STORAGE_KINDS } from "../config/storage-kinds";
import type { StorageKinds } from "../vocabulary/storage-kinds";
import { copyIntoVolume, createVolume, removeVolume } from "./docker-volume";
import { type Snapshot, SnapshotStore, type StoredFile } from "./snapshot-store";

/** The label a restored volume carries with the snapshot it came from. */
export const RESTORED_FROM_LABEL = `${LABEL_PREFIX}restored-from`;

export interface RestoreOptions {
  /** The snapshot to restore. @default the newest complete one */
  readonly snapshot?: string;
  /** Say what would be done, and do nothing. @default false */
  readonly dryRun?: boolean;
  /** Where the sync keys are read from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Receives each line of the report. @default stdout */
  readonly say?: (line: string) => void;
  /** The storage kinds the app is built from, for a refusal that names those that keep snapshots. @default STORAGE_KINDS */
  readonly kinds?: StorageKinds;
}

/** A refusal with a message that says what to do: the command prints it and exits 1. */
export class RestoreRefused extends Error {}

/**
 * Restores a workspace's database snapshot and its files, from where its storage kind keeps them (LocalPlusSync:
 * its sync target), into the workspace's NEXT volume generation (never the volume in use, which is not
 * touched), labelled with the workspace's fingerprint, then says what to change and deploy. Lists the snapshots first; a dry run stops before changing anything.
 */
export async function restore(
  ws: ResolvedWorkspace,
  options: RestoreOptions = {},
): Promise<{ volume: string; snapshot: string } | undefined> {
  const say = options.say ?? ((line: string) => process.stdout.write(`${line}\n`));
  const storage = ws.config.storage;
  const source = ws.storageKind.snapshots?.(storage, ws);
  if (!source) {
    const keeping = (options.kinds ?? STORAGE_KINDS).all
      .filter((kind) => kind.snapshots !== undefined)
      .map((kind) => kind.kind);
    throw new RestoreRefused(
      `${ws.file}: storage.kind is "${storage.kind}": only ${keeping.join(" and ")} keeps snapshots to restore. Restore an export instead: npx convex import --replace-all <export.zip> (docs/backups.md)`,
    );
  }
  if (ws.config.database.kind !== "sqlite") {
    throw new RestoreRefused(
      `${ws.file}: database.kind is "${ws.config.database.kind}": the sidecar snapshots only SQLite. Restore the ${ws.config.database.kind} server from its own backups, and the files from an export (docs/backups.md)`,
    );
  }
  const host = ws.config.docker.host;
  const current = ws.config.volume.generation;
  const next = current + 1;
  if (next > LIMITS.generation.max) {
    throw new RestoreRefused(
      `${ws.file}: volume.generation is ${current}, the highest there is (${LIMITS.generation.max}): there is no next generation to restore into`,
    );
  }
  const inUse = ws.names.volume;
  const target = resourceNames(ws.name, next).volume;

  const env = options.env ?? process.env;
  const keys = [secretEnvName(source.keys.accessKeyId), secretEnvName(source.keys.secretAccessKey)];
  const missing = keys.filter((name) => !env[name]);
  if (missing.length > 0)
    throw new RestoreRefused(
      `${missing.join(" and ")} must be set: the sync sidecar's keys read the snapshots, as the deploy passes them to it`,
    );
  const store = new SnapshotStore(source, { accessKeyId: env[keys[0]]!, secretAccessKey: env[keys[1]]! });
  try {
    const snapshots = await store.listSnapshots();
    say(`Snapshots of ${ws.name} in ${store.bucket}/${store.prefix}/${SNAPSHOT_LAYOUT.folder}/, newest first:`);
    for (const s of snapshots)
      say(
        `  ${s.id}  ${s.time.toISOString()}  ${s.complete ? `${s.databaseBytes} bytes` : "incomplete (upload cut short): not restorable"}`,
      );
    if (snapshots.length === 0) say("  (none)");
    const chosen = choose(snapshots, options.snapshot, ws.name);

    const revision = await recordedRevision(store, chosen.id);
    checkRevision(ws, revision, chosen.id);
    const labels = {
      ...fingerprintLabels(ws.fingerprint),
      [RESTORED_FROM_LABEL]: `${store.bucket}/${store.prefix}/${SNAPSHOT_LAYOUT.folder}/${chosen.id}`,
    };

    const live = inspectVolumes(host, [inUse, target]);
    const targetState = live.get(target)!;
    if (targetState.kind === "unknown")
      throw new RestoreRefused(
        `could not ask the Docker engine ${host} whether ${target} exists (${targetState.reason}); nothing was restored`,
      );
    if (targetState.kind === "present") {
      throw new RestoreRefused(
        `Docker volume ${target} (volume.generation ${next}) already exists on ${host}; nothing was restored. A restore goes only into a new volume: if ${target} holds nothing you need, remove it (docker volume rm ${target}), or raise volume.generation first`,
      );
    }

    const work = mkdtempSync(join(tmpdir(), "convex-restore-"));
    try {
      // The database is downloaded and checked even in a dry run: a dry run says whether the restore would work.
      const manifest = await downloadSnapshot(store, chosen.id, work);
      const stored = await store.listFiles();
      const files = manifest ? stored.filter((file) => manifest.has(file.path)) : stored;
      const missing = manifest ? [...manifest].filter((path) => !stored.some((file) => file.path === path)) : [];
      const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
      say(
        `Restore ${chosen.id} (${chosen.time.toISOString()}, written by ${revision ? describeRevisionAge(dateRevision(revision, ws.config.convex.revisionDates)) : "an unrecorded revision"}):`,
      );
      say(
        `  database: ${SNAPSHOT_LAYOUT.database}, ${chosen.databaseBytes} bytes, downloaded and checked against its ${SNAPSHOT_LAYOUT.checksums}`,
      );
      say(
        manifest
          ? `  files: ${files.length} (${bytes} bytes) from ${store.bucket}/${store.prefix}/, the ones its ${SNAPSHOT_LAYOUT.manifest} lists (files written after it are left out)`
          : `  files: ${files.length} (${bytes} bytes), every file in ${store.bucket}/${store.prefix}/ (the snapshot has no ${SNAPSHOT_LAYOUT.manifest}: it was taken before snapshots listed their files)`,
      );
      if (missing.length > 0)
        say(
          `  warning: ${missing.length} file(s) its ${SNAPSHOT_LAYOUT.manifest} lists are not in the bucket (deleted before the sync copied them?), e.g. ${missing
            .slice(0, 3)
            .map((path) => JSON.stringify(path))
            .join(", ")}`,
        );
      say(
        `  into: a new Docker volume ${target} (volume.generation ${next}) on ${host}, labelled ${Object.entries(labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(", ")}`,
      );
      say(
        `  untouched: ${inUse} (volume.generation ${current}, ${live.get(inUse)!.kind === "present" ? "on the engine" : "not on the engine"})`,
      );
      if (options.dryRun) {
        say("Dry run: the snapshot's database was downloaded and checked; no file was copied and nothing was created.");
        return undefined;
      }
      await downloadFiles(store, files, work);
      createVolume(host, target, labels);
      try {
        await copyIntoVolume(host, target, DATA_MOUNT_PATH, work);
      } catch (error) {
        // A half-filled volume carries the workspace's labels: the guards would take it for a whole one.
        removeVolume(host, target);
        throw error;
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    say(`Restored ${chosen.id} into ${target}; ${inUse} was not touched.`);
    say("Next:");
    say(
      `  1. In ${ws.file}, set "volume": { "generation": ${next} } (keep convex.version at ${revision || "the revision that wrote the snapshot"} or newer).`,
    );
    say(
      `  2. npx cdktf deploy ${ws.name}: the backend starts on ${target}, which Terraform takes over as generation ${next}'s volume; ${inUse} is released, not destroyed.`,
    );
    say(
      `  3. ${ws.config.convex.instanceSecret === "generated" ? "The restored volume has no instance secret, so the backend generates a new one: get a new admin key (terraform output admin_key_command)." : "The instance secret is TF_VAR_instance_secret, as before: admin keys stay valid."}`,
    );
    say(`  Anything written after ${chosen.time.toISOString()} is not in this snapshot.`);
    return { volume: target, snapshot: chosen.id };
  } finally {
    store.destroy();
  }
}

/**
 * The revision that wrote a snapshot: "" when the snapshot records none (its sidecar knew none). Any other
 * failure to read it is a refusal, never "unrecorded": that would skip the check that keeps an older
 * backend off a newer database.
 */
export async function recordedRevision(
  store: Pick<SnapshotStore, "text" | "snapshotKey">,
  id: string,
): Promise<string> {
  try {
    return (await store.text(store.snapshotKey(id, SNAPSHOT_LAYOUT.revision))).trim();
  } catch (error) {
    if ((error as { name?: string }).name === "NoSuchKey") return "";
    throw new RestoreRefused(
      `could not read which revision wrote snapshot ${id} (${(error as Error).name}: ${(error as Error).message}); nothing was restored`,
    );
  }
}

function choose(snapshots: readonly Snapshot[], wanted: string | undefined, workspace: string): Snapshot {
  if (wanted !== undefined) {
    const found = snapshots.find((s) => s.id === wanted);
    if (!found)
      throw new RestoreRefused(
        `there is no snapshot ${wanted}; pick one of the ids listed above (npm run restore -- ${workspace} --snapshot <id>)`,
      );
    if (!found.complete)
      throw new RestoreRefused(`snapshot ${wanted} is incomplete (its upload was cut short); pick another`);
    return found;
  }
  const newest = snapshots.find((s) => s.complete);
  if (!newest)
    throw new RestoreRefused(
      `there is no complete snapshot to restore yet: the sidecars upload one every interval (docker logs convex-${workspace}-snapshot, convex-${workspace}-sync)`,
    );
  return newest;
}

/** A snapshot written by a newer backend than the file asks for would put an older backend over its database. */
function checkRevision(ws: ResolvedWorkspace, revision: string, id: string): void {
  if (!revision) return;
  const written = dateRevision(revision, ws.config.convex.revisionDates);
  const requested = dateRevision(ws.config.convex.version, ws.config.convex.revisionDates);
  const order = compareRevisions(written, requested);
  if (order === RevisionOrder.OLDER || order === RevisionOrder.UNKNOWN) {
    throw new RestoreRefused(
      `snapshot ${id} was written by ${describeRevisionAge(written)}, and ${ws.file} asks for ${describeRevisionAge(requested)}, ${order === RevisionOrder.OLDER ? "an older revision" : "a revision whose order to it is unknown"}: ` +
        `the deploy would run it over a database a newer backend may have migrated. Set convex.version to ${revision} (or newer) first; nothing was restored`,
    );
  }
}

/** A manifest of a million files of 64 characters: larger is no manifest the sidecar wrote. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** The bytes every SQLite database file starts with (https://www.sqlite.org/fileformat2.html#magic_header_string). */
const SQLITE_HEADER = Buffer.from("SQLite format 3\0");

/**
 * Downloads a snapshot's database into `folder` and checks it against its SHA256SUMS (an SQLite file, not
 * empty); with a manifest, checks that too and returns the paths it lists. Refuses a snapshot that fails.
 */
async function downloadSnapshot(store: SnapshotStore, id: string, folder: string): Promise<Set<string> | undefined> {
  const sums = await store.text(store.snapshotKey(id, SNAPSHOT_LAYOUT.checksums));
  const expected = (file: string) =>
    new RegExp(`^([0-9a-f]{64})\\s+\\*?${file.replace(/\./g, "\\.")}\\s*$`, "m").exec(sums)?.[1];
  const refuse = (what: string) =>
    new RestoreRefused(`snapshot ${id}'s ${what}; nothing was restored. Pick another snapshot (--snapshot <id>)`);
  const database = join(folder, SNAPSHOT_LAYOUT.database);
  const actual = await store.download(store.snapshotKey(id, SNAPSHOT_LAYOUT.database), database);
  if (actual !== expected(SNAPSHOT_LAYOUT.database))
    throw refuse(
      `database does not match its ${SNAPSHOT_LAYOUT.checksums} (SHA-256 ${actual}, expected ${expected(SNAPSHOT_LAYOUT.database) ?? "none"})`,
    );
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const handle = openSync(database, "r");
  try {
    readSync(handle, header, 0, header.length, 0);
  } finally {
    closeSync(handle);
  }
  if (!header.equals(SQLITE_HEADER)) throw refuse(`database is not an SQLite database file (empty or damaged)`);
  const listed = expected(SNAPSHOT_LAYOUT.manifest);
  if (listed === undefined) return undefined;
  const manifestFile = join(folder, SNAPSHOT_LAYOUT.manifest);
  if ((await store.download(store.snapshotKey(id, SNAPSHOT_LAYOUT.manifest), manifestFile)) !== listed)
    throw refuse(`${SNAPSHOT_LAYOUT.manifest} does not match its ${SNAPSHOT_LAYOUT.checksums}`);
  if (statSync(manifestFile).size > MAX_MANIFEST_BYTES)
    throw refuse(
      `${SNAPSHOT_LAYOUT.manifest} is larger than ${MAX_MANIFEST_BYTES} bytes, more than any storage folder lists`,
    );
  const paths = readFileSync(manifestFile, "utf8")
    .split("\n")
    .filter((line) => line !== "");
  rmSync(manifestFile);
  return new Set(paths);
}

/** The storage folder's files into `folder`/storage (made even when there are none: the backend's layout). */
async function downloadFiles(store: SnapshotStore, files: readonly StoredFile[], folder: string): Promise<void> {
  mkdirSync(join(folder, "storage"), { recursive: true });
  // A few downloads at a time: enough to hide the round trips, few enough for any store.
  const queue = [...files];
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift())
      await store.download(file.key, join(folder, "storage", file.path));
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}
