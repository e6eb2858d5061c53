import { LOCAL_LOCATION, s3ServiceIdentity } from "../../constructs/domain";
import type { ResolvedWorkspace } from "../../vocabulary/resolved-workspace";
import type { StorageKind } from "../../vocabulary/storage-kind";
import { keepSnapshotsNeedsSqlite } from "./rules/keep-snapshots-needs-sqlite";
import { syncTargetComplete } from "./rules/sync-target-complete";
import { type LocalPlusSyncStorage, localPlusSyncSchema } from "./schema";

/** Loaded on first use: the doctor's checks load the AWS SDK, which validate and synthesis never need. */
function loadDoctor(): typeof import("./doctor") {
  return require("./doctor") as typeof import("./doctor");
}

/** The folder of the target the copies land in: the prefix, by default the workspace name. */
function folderOf(storage: LocalPlusSyncStorage, ws: ResolvedWorkspace): string {
  return (storage.target.prefix ?? ws.name).replace(/^\/+|\/+$/g, "");
}

/** Files in the data volume, plus sidecars that copy them, and snapshots of the SQLite database, to a bucket. */
export const localPlusSync: StorageKind<LocalPlusSyncStorage> = {
  kind: "LocalPlusSync",
  schema: localPlusSyncSchema,
  // The backend itself keeps its files in the volume; the copy is the sidecars' business.
  fingerprint: () => ({ storageMode: "local", storageLocation: LOCAL_LOCATION }),

  bucketUses: (storage, ws) => [
    {
      use: "copy",
      path: "storage.target.bucket",
      bucket: storage.target.bucket,
      given: storage.target.bucket,
      derived: false,
      service: s3ServiceIdentity(storage.target.kind, storage.target.endpoint),
      folder: folderOf(storage, ws),
      folderPath: "storage.target.prefix",
    },
  ],

  rules: [keepSnapshotsNeedsSqlite, syncTargetComplete],

  strategy(storage, { workspace, secrets, library }) {
    return new library.LocalPlusSync({
      target: {
        ...storage.target,
        prefix: storage.target.prefix ?? workspace.name,
        credentials: {
          accessKeyId: secrets.get("sync_access_key_id"),
          secretAccessKey: secrets.get("sync_secret_access_key"),
        },
      },
      intervalMinutes: storage.intervalMinutes,
      keepSnapshots: storage.keepSnapshots,
    });
  },

  doctor: (storage, context) => loadDoctor().localPlusSyncChecks(storage, context),

  snapshots: (storage, ws) => ({
    bucket: storage.target.bucket,
    prefix: storage.target.prefix ?? ws.name,
    endpoint: storage.target.endpoint,
    region: storage.target.region,
    pathStyle: storage.target.kind === "CephViaGateway",
    keys: { accessKeyId: "sync_access_key_id", secretAccessKey: "sync_secret_access_key" },
  }),
};
