import { Container } from "@cdktf/provider-docker/lib/container";
import { Volume } from "@cdktf/provider-docker/lib/volume";
import { Token } from "cdktf";
import { Construct } from "constructs";
import {
  DEFAULT_KEEP_SNAPSHOTS,
  DEFAULT_SYNC_INTERVAL_MINUTES,
  KEEP_SNAPSHOTS_BOUNDS,
  SNAPSHOT_IMAGE,
} from "../domain/defaults";
import { InvalidPropsError } from "../domain/errors";
import { IMAGE_TAG_FORMAT } from "../domain/patterns";
import {
  SNAPSHOT_CHECKSUMS,
  SNAPSHOT_COMMAND_LABEL,
  SNAPSHOT_DATABASE,
  SNAPSHOT_MANIFEST,
  SNAPSHOT_REVISION,
} from "../domain/snapshots";
import { addPreconditions, checkString } from "../checks";
import { ConvexDataVolume } from "../data-volume";
import { pinnedImage } from "../images";
import { recordingLastRun } from "./last-run";
import { checkSyncInterval, repeatEvery } from "./repeat-every";

/** Where the snapshot sidecar writes and the sync sidecar reads: a scratch volume both mount. */
export const SNAPSHOT_SCRATCH = "/convex/snapshot-scratch";
/** The snapshot being written; a crash leaves it here, and the next run clears it. */
const PARTIAL = `${SNAPSHOT_SCRATCH}/partial`;
/** Finished snapshots waiting for upload, one folder per id (renamed here whole, so never seen half-written). */
export const SNAPSHOTS_READY = `${SNAPSHOT_SCRATCH}/ready`;
/** Held by the running snapshot: runs (the loop's, a `docker exec`'s) take turns. */
const LOCK = `${SNAPSHOT_SCRATCH}/lock`;
/** The id of the last snapshot started, so that the next one takes a later second. */
const LAST_ID = `${SNAPSHOT_SCRATCH}/last-id`;
/** The backend's SQLite database in the data volume (upstream's run_backend.sh: SQLITE_DB=$DATA_DIR/db.sqlite3). */
export const DATABASE_FILE = `${ConvexDataVolume.MOUNT_PATH}/db.sqlite3`;
/** The backend's local storage folder in the data volume (run_backend.sh: STORAGE_DIR=$DATA_DIR/storage). */
export const STORAGE_FOLDER = `${ConvexDataVolume.MOUNT_PATH}/storage`;

interface SnapshotCommandOptions {
  /** Snapshots kept waiting in the scratch volume (when uploads fail); the oldest beyond go. @default DEFAULT_KEEP_SNAPSHOTS */
  readonly keep?: number;
  /** The backend revision that writes the database, recorded with each snapshot. @default not recorded */
  readonly backendRevision?: string;
}

/**
 * The one-shot snapshot: SQLite's online backup (`.backup`), never a copy of a file being written, made
 * inside one read transaction on a read-only connection, so the copy is the database as of one instant and
 * the backup never restarts however busy the backend is. The read lock makes the backend's commits wait
 * while the pages are copied (its SQLite connection waits up to 5 s: rusqlite's default busy timeout;
 * 100 MB took 0.2 s here).
 *
 * - One run at a time: each holds a flock on the scratch volume (BusyBox's `flock`), so a snapshot taken by
 *   hand during the loop's waits for it instead of sharing its folder.
 * - Ids are the UTC start time in seconds, never one the previous run took: a run in the same second waits
 *   for the next, so no snapshot is renamed into another's folder.
 * - No database yet (a fresh deploy: the sidecars may start before the backend has made it), or an empty
 *   file (made, not yet written): nothing to snapshot, and the run ends well.
 * - Journal mode: upstream's backend keeps the rollback journal ("delete") at every revision
 *   (crates/sqlite/src/lib.rs:87-93 at a9a760ca sets no journal_mode), which a read-only connection reads.
 *   A database in WAL mode needs its -wal and -shm files, which a read-only mount cannot create: when the
 *   backend has closed it cleanly they are gone and the file is complete on its own, so it is read as
 *   immutable, and the copy is kept only if the backend did not open it meanwhile (no -wal appeared, the
 *   file is unchanged).
 * - The copy is checked on a read-write connection of its own (which removes the -wal and -shm a WAL-mode
 *   copy gets when it closes): it must be an SQLite file that passes `PRAGMA integrity_check`.
 * - The storage folder's files are listed before and after the copy (SNAPSHOT_MANIFEST): every file the
 *   copy can refer to is in the list.
 * - SHA256SUMS covers the copy and the manifest; the folder is renamed into `ready/` whole.
 *
 * No `${` or `%{` anywhere: the text passes through Terraform.
 */
function snapshotCommand(options: SnapshotCommandOptions = {}): string {
  const keep = options.keep ?? DEFAULT_KEEP_SNAPSHOTS;
  const dir = `${PARTIAL}/$id`;
  const copy = `${dir}/${SNAPSHOT_DATABASE}`;
  const state = `stat -c '%y %s %i' ${DATABASE_FILE}`;
  const listFiles = `if [ -d ${STORAGE_FOLDER} ]; then (cd ${STORAGE_FOLDER} && find . -type f) | sed 's|^[.]/||'; fi`;
  const newId = "id=$(date -u +%Y%m%dT%H%M%SZ)";
  return [
    ...recordingLastRun(),
    `exec 9>>${LOCK}`,
    "flock 9",
    `if [ ! -s ${DATABASE_FILE} ]; then echo "no database yet at ${DATABASE_FILE}: nothing to snapshot"; exit 0; fi`,
    newId,
    `while [ "$id" = "$(cat ${LAST_ID} 2>/dev/null)" ]; do sleep 1; ${newId}; done`,
    `echo $id > ${LAST_ID}`,
    `rm -rf ${PARTIAL}`,
    `mkdir -p ${dir} ${SNAPSHOTS_READY}`,
    `(${listFiles}) > ${dir}/files-before`,
    // Header bytes 18-19 are 2 in WAL mode (https://www.sqlite.org/fileformat2.html#database_header).
    `source=${DATABASE_FILE}`,
    `if [ "$(od -An -tu1 -j18 -N1 ${DATABASE_FILE} | tr -d ' ')" = 2 ] && [ ! -e ${DATABASE_FILE}-wal ]; then source="file:${DATABASE_FILE}?immutable=1"; fi`,
    `before=$(${state})`,
    `sqlite3 -readonly "$source" ".timeout 60000" "BEGIN" "SELECT count(*) FROM sqlite_schema" ".backup ${copy}" "COMMIT" >/dev/null`,
    `if [ "$source" != ${DATABASE_FILE} ] && { [ -e ${DATABASE_FILE}-wal ] || [ "$(${state})" != "$before" ]; }; then echo "the backend opened the database while it was copied; the next run takes it" >&2; exit 1; fi`,
    `(${listFiles}) | sort -u - ${dir}/files-before > ${dir}/${SNAPSHOT_MANIFEST}`,
    `rm ${dir}/files-before`,
    `test "$(head -c 15 ${copy})" = "SQLite format 3"`,
    `test "$(sqlite3 ${copy} "PRAGMA integrity_check")" = ok`,
    `(cd ${dir} && sha256sum ${SNAPSHOT_DATABASE} ${SNAPSHOT_MANIFEST} > ${SNAPSHOT_CHECKSUMS})`,
    ...(options.backendRevision !== undefined ? [`echo ${options.backendRevision} > ${dir}/${SNAPSHOT_REVISION}`] : []),
    `mv ${dir} ${SNAPSHOTS_READY}/$id`,
    `echo "snapshot $id ready"`,
    `ls ${SNAPSHOTS_READY} | sort -r | tail -n +${keep + 1} | while read old; do rm -rf ${SNAPSHOTS_READY}/$old; done`,
  ].join("\n");
}

export interface SqliteSnapshotSidecarProps {
  readonly containerName: string;
  readonly dataVolume: ConvexDataVolume;
  /** The scratch volume the sync sidecar uploads from. */
  readonly scratchVolume: Volume;
  /** Minutes between snapshots. @default 15 */
  readonly intervalMinutes?: number;
  /** Snapshots kept. @default DEFAULT_KEEP_SNAPSHOTS */
  readonly keep?: number;
  /** The backend revision, recorded with each snapshot so a restore can refuse an older one. @default not recorded */
  readonly backendRevision?: string;
}

/**
 * A container that snapshots the SQLite database every few minutes into a scratch volume, for the rclone
 * sidecar to upload. It sees the data volume read-only, holds no credentials, and has no network.
 */
export class SqliteSnapshotSidecar extends Construct {
  /** The one-shot snapshot the container repeats (also its `convex-stack.snapshot-command` label). */
  readonly snapshotCommand: string;
  readonly container: Container;

  constructor(scope: Construct, id: string, props: SqliteSnapshotSidecarProps) {
    super(scope, id);
    const keep = props.keep ?? DEFAULT_KEEP_SNAPSHOTS;
    assertKeepSnapshots(keep, "keep");
    const revision = props.backendRevision;
    // A token is not checked: it is never written into the command (below).
    if (revision !== undefined && !Token.isUnresolved(revision))
      checkString("backendRevision", revision, IMAGE_TAG_FORMAT);
    const interval = props.intervalMinutes ?? DEFAULT_SYNC_INTERVAL_MINUTES;
    const planChecks = checkSyncInterval(interval, "intervalMinutes");
    // A revision known only at plan time is not written into a shell command.
    this.snapshotCommand = snapshotCommand({
      keep,
      backendRevision: revision !== undefined && !Token.isUnresolved(revision) ? revision : undefined,
    });
    const image = pinnedImage(this, "image", SNAPSHOT_IMAGE.repository, SNAPSHOT_IMAGE.tag);
    this.container = new Container(this, "container", {
      name: props.containerName,
      image: image.imageId,
      // A failed snapshot (no database yet, a lock held too long) is retried at the next interval; the
      // subshell keeps a failing step from ending the loop.
      entrypoint: ["sh", "-c", repeatEvery(this.snapshotCommand, interval)],
      labels: [{ label: SNAPSHOT_COMMAND_LABEL, value: this.snapshotCommand }],
      volumes: [
        { volumeName: props.dataVolume.volume.name, containerPath: ConvexDataVolume.MOUNT_PATH, readOnly: true },
        { volumeName: props.scratchVolume.name, containerPath: SNAPSHOT_SCRATCH },
      ],
      // The image runs as an unprivileged user by default, who cannot write the fresh scratch volume.
      user: "root",
      networkMode: "none",
      init: true,
      restart: "unless-stopped",
    });
    addPreconditions(this.container, planChecks);
  }
}

export function assertKeepSnapshots(keep: number, prop: string): void {
  const { min, max } = KEEP_SNAPSHOTS_BOUNDS;
  // The count is written into the sync sidecar's shell command, where a token's placeholder would be a number.
  if (Token.isUnresolved(keep))
    throw new InvalidPropsError(
      `${prop} must be a number known at synthesis (it is written into the sidecar's command), got a Terraform token`,
    );
  if (!Number.isInteger(keep) || keep < min || keep > max)
    throw new InvalidPropsError(`${prop} must be a whole number of snapshots from ${min} to ${max}, got ${keep}`);
}
