import { defaultSyncPrefix, LOCAL_LOCATION } from "../../constructs/domain";
import { s3ServiceIdentity } from "../shared/s3-service";
import type { ResolvedWorkspace } from "../../vocabulary/resolved-workspace";
import type { StorageKind } from "../../vocabulary/storage-kind";
import { keepSnapshotsNeedsSqlite } from "./rules/keep-snapshots-needs-sqlite";
import { syncTargetComplete } from "./rules/sync-target-complete";
import { type LocalPlusSyncStorage, localPlusSyncSchema } from "./schema";

/** The folder of the target the copies land in: the prefix, by default the workspace name. */
function folderOf(storage: LocalPlusSyncStorage, ws: ResolvedWorkspace): string {
  return (storage.target.prefix ?? defaultSyncPrefix(ws.name)).replace(/^\/+|\/+$/g, "");
}

/** Files in the data volume, plus sidecars that copy them, and snapshots of the SQLite database, to a bucket. */
export const localPlusSync: StorageKind<LocalPlusSyncStorage> = {
  kind: "LocalPlusSync",
  schema: localPlusSyncSchema,
  // The backend itself keeps its files in the volume; the copy is the sidecars' business.
  fingerprint: () => ({ mode: "local", location: LOCAL_LOCATION }),

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

  containerEndpoints: (storage) =>
    storage.target.endpoint
      ? [{ path: "storage.target.endpoint", url: storage.target.endpoint, container: "the sync sidecar" }]
      : [],

  rules: [keepSnapshotsNeedsSqlite, syncTargetComplete],

  strategy(storage, { secrets, library }) {
    return new library.LocalPlusSync({
      target: {
        ...storage.target,
        credentials: {
          accessKeyId: secrets.get("sync_access_key_id"),
          secretAccessKey: secrets.get("sync_secret_access_key"),
        },
      },
      intervalMinutes: storage.intervalMinutes,
      keepSnapshots: storage.keepSnapshots,
    });
  },

  // Loaded on first use: the doctor's checks load the AWS SDK, which validate and synthesis never need.
  doctor: (storage, context) =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- import() would make the kind's loading async
    (require("./doctor") as typeof import("./doctor")).localPlusSyncChecks(storage, context),

  snapshots: (storage, ws) => ({
    bucket: storage.target.bucket,
    prefix: storage.target.prefix ?? defaultSyncPrefix(ws.name),
    endpoint: storage.target.endpoint,
    region: storage.target.region,
    pathStyle: storage.target.kind === "CephViaGateway",
    keys: { accessKeyId: "sync_access_key_id", secretAccessKey: "sync_secret_access_key" },
  }),
};
