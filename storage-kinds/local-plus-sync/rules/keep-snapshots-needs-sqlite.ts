import type { StorageConfigRule } from "../../../vocabulary/storage-kind";
import type { LocalPlusSyncStorage } from "../schema";

/** The backup sidecar of LocalPlusSync snapshots the SQLite database in the volume; a server database is not there. */
export const keepSnapshotsNeedsSqlite: StorageConfigRule<LocalPlusSyncStorage> = {
  id: "keep-snapshots-needs-sqlite",
  stage: "config",
  level: "error",
  doc: {
    finds: "`storage.keepSnapshots` with a `postgres` or `mysql` database",
    prevents: "a setting silently ignored: no snapshot of a server database is taken",
    fix: "remove `keepSnapshots`; back up the server with its own tools ([backups.md](backups.md))",
    source: "constructs/storage/database-snapshots.ts",
  },
  cannotAcknowledge: "the file contradicts itself: it asks for snapshots of a database the sidecar cannot reach",

  check(storage, config) {
    if (storage.keepSnapshots === undefined || config.database.kind === "sqlite") return [];
    return [
      {
        path: "storage.keepSnapshots",
        info: `is ${storage.keepSnapshots} but database.kind is "${config.database.kind}": the sidecar snapshots only the SQLite database in the volume`,
        fix: `remove keepSnapshots; back up the ${config.database.kind} server with its own tools (docs/backups.md)`,
      },
    ];
  },
};
