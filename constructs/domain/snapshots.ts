/*
 * Where LocalPlusSync keeps its database snapshots, shared by the sidecars that make and upload them and the
 * restore command that reads them back. In the sync target, under the target's prefix P:
 *
 *   P/<the storage folder: files/, modules/, search/, ...>      every file, copied as it appears (never deleted)
 *   P/convex-stack-snapshots/<id>/db.sqlite3                    a consistent copy of the SQLite database
 *   P/convex-stack-snapshots/<id>/storage-manifest              the storage folder's files when it was taken
 *   P/convex-stack-snapshots/<id>/backend-revision              the backend revision that wrote it
 *   P/convex-stack-snapshots/<id>/SHA256SUMS                    `sha256sum` of db.sqlite3 and storage-manifest,
 *                                                               uploaded last
 *
 * A snapshot id is the UTC time it was started, YYYYMMDDTHHMMSSZ, so ids sort by age; no two snapshots of a
 * volume share one. A snapshot is complete when its SHA256SUMS exists and matches; the files it refers to
 * were all on disk when it was taken (its manifest lists them), and the storage folder is uploaded before
 * the snapshot, so they are in the bucket whenever it is. A restore copies the files the manifest lists,
 * not the files written later.
 */
import { LABEL_PREFIX } from "./defaults";

/**
 * The snapshot sidecar's label that holds its one-shot command: `docker exec <container> sh -c "<the label>"`
 * takes a snapshot now (docs/backups.md).
 */
export const SNAPSHOT_COMMAND_LABEL = `${LABEL_PREFIX}snapshot-command`;
/** The sync sidecar's label that holds its one-shot command: run the same way, it uploads now. */
export const SYNC_COMMAND_LABEL = `${LABEL_PREFIX}sync-command`;

/** The folder, under the sync target's prefix, that holds one folder per snapshot. */
export const SNAPSHOTS_FOLDER = "convex-stack-snapshots";
/** The database copy in a snapshot folder (the name the backend's own file has in the volume). */
export const SNAPSHOT_DATABASE = "db.sqlite3";
/** The checksum file in a snapshot folder, in `sha256sum` format; uploaded last, it marks the snapshot complete. */
export const SNAPSHOT_CHECKSUMS = "SHA256SUMS";
/** The backend revision that wrote the database, as one line. */
export const SNAPSHOT_REVISION = "backend-revision";
/**
 * The storage folder's files when the snapshot was taken: one path per line, relative to the storage folder,
 * sorted. Snapshots made before it existed have none (a restore then copies every file in the bucket).
 */
export const SNAPSHOT_MANIFEST = "storage-manifest";

/**
 * Where each sidecar records how its last run ended, inside its container: one line,
 * `<unix seconds> <exit status>` (0: done, or nothing to do yet), written when a run ends, whether the loop
 * or a `docker exec` started it. A healthcheck or a status command reads it.
 */
export const SIDECAR_LAST_RUN_FILE = "/tmp/convex-stack-last-run";

/** A snapshot id: the UTC start time. */
const SNAPSHOT_ID_PATTERN = /^\d{8}T\d{6}Z$/;

/**
 * Where LocalPlusSync's snapshots are, under its target's folder (SyncTarget.prefix): `<folder>/<id>/` holds
 * `<database>`, `<manifest>` (the storage folder's files when it was taken, one path per line), `<revision>`
 * and, uploaded last to mark the snapshot complete, `<checksums>` (`sha256sum` of the database and the
 * manifest). An id is the UTC time the snapshot started, YYYYMMDDTHHMMSSZ (`idPattern`), so ids sort by age;
 * no two snapshots of a volume share one.
 */
export const SNAPSHOT_LAYOUT = {
  folder: SNAPSHOTS_FOLDER,
  database: SNAPSHOT_DATABASE,
  manifest: SNAPSHOT_MANIFEST,
  checksums: SNAPSHOT_CHECKSUMS,
  revision: SNAPSHOT_REVISION,
  idPattern: SNAPSHOT_ID_PATTERN,
} as const;

/** The start time of a snapshot, from its id (SNAPSHOT_LAYOUT.idPattern); throws for anything else. */
export function snapshotTime(id: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(id);
  if (!m) throw new Error(`"${id}" is not a snapshot id (YYYYMMDDTHHMMSSZ)`);
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}
