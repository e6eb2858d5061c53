import { Container } from "@cdktf/provider-docker/lib/container";
import { Volume } from "@cdktf/provider-docker/lib/volume";
import { Token } from "cdktf";
import { Construct } from "constructs";
import {
  DEFAULT_KEEP_SNAPSHOTS,
  DEFAULT_SYNC_INTERVAL_MINUTES,
  KEEP_SNAPSHOTS_BOUNDS,
  LABEL_PREFIX,
  SNAPSHOT_IMAGE,
} from "../domain/defaults";
import { InvalidPropsError } from "../domain/errors";
import { IMAGE_TAG_FORMAT } from "../domain/patterns";
import { SNAPSHOT_CHECKSUMS, SNAPSHOT_DATABASE, SNAPSHOT_REVISION } from "../domain/snapshots";
import { addPreconditions, checkString } from "../checks";
import { ConvexDataVolume } from "../data-volume";
import { pinnedImage } from "../images";
import { checkSyncInterval, repeatEvery } from "./repeat-every";

/** Where the snapshot sidecar writes and the sync sidecar reads: a scratch volume both mount. */
export const SNAPSHOT_SCRATCH = "/convex/snapshot-scratch";
/** Snapshots being written; a crash leaves them here, and the next run clears them. */
const PARTIAL = `${SNAPSHOT_SCRATCH}/partial`;
/** Finished snapshots waiting for upload, one folder per id (renamed here whole, so never seen half-written). */
export const SNAPSHOTS_READY = `${SNAPSHOT_SCRATCH}/ready`;
/** The backend's SQLite database in the data volume (upstream's run_backend.sh: SQLITE_DB=$DATA_DIR/db.sqlite3). */
export const DATABASE_FILE = `${ConvexDataVolume.MOUNT_PATH}/db.sqlite3`;
/** Label holding the one-shot snapshot command the container repeats. */
export const SNAPSHOT_COMMAND_LABEL = `${LABEL_PREFIX}snapshot-command`;

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
 * 100 MB took 0.2 s here). The copy must pass `PRAGMA integrity_check`, gets its SHA-256, and is renamed into
 * `ready/` whole. Ids are the UTC start time. No `${` or `%{` anywhere: the text passes through Terraform.
 */
function snapshotCommand(options: SnapshotCommandOptions = {}): string {
  const keep = options.keep ?? DEFAULT_KEEP_SNAPSHOTS;
  const dir = `${PARTIAL}/$id`;
  return [
    `id=$(date -u +%Y%m%dT%H%M%SZ)`,
    `rm -rf ${PARTIAL}`,
    `mkdir -p ${dir} ${SNAPSHOTS_READY}`,
    `sqlite3 -readonly ${DATABASE_FILE} ".timeout 60000" "BEGIN" "SELECT count(*) FROM sqlite_schema" ".backup ${dir}/${SNAPSHOT_DATABASE}" "COMMIT" >/dev/null`,
    `test "$(sqlite3 -readonly ${dir}/${SNAPSHOT_DATABASE} "PRAGMA integrity_check")" = ok`,
    `(cd ${dir} && sha256sum ${SNAPSHOT_DATABASE} > ${SNAPSHOT_CHECKSUMS})`,
    ...(options.backendRevision !== undefined ? [`echo ${options.backendRevision} > ${dir}/${SNAPSHOT_REVISION}`] : []),
    `mv ${dir} ${SNAPSHOTS_READY}/$id`,
    `echo "snapshot $id ready"`,
    `ls ${SNAPSHOTS_READY} | sort -r | tail -n +${keep + 1} | while read old; do rm -rf ${SNAPSHOTS_READY}/$old; done`,
  ].join(" && ");
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
