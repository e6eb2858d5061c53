import { Volume } from "@cdktf/provider-docker/lib/volume";
import type { Construct } from "constructs";
import { DEFAULT_KEEP_SNAPSHOTS, FIRST_VOLUME_GENERATION } from "../domain/defaults";
import { LOCAL_LOCATION } from "../domain/fingerprint";
import { SqliteSnapshotSidecar, assertKeepSnapshots } from "./database-snapshots";
import type { IStorageStrategy, StorageBindContext, StorageBinding } from "./storage-strategy";
import { checkSyncInterval } from "./repeat-every";
import { checkSyncTarget, RcloneSyncSidecar, type SyncTarget } from "./sync-sidecar";

/** The props of LocalPlusSync: the fields and defaults of a workspace file's `storage` block of kind LocalPlusSync. */
export interface LocalPlusSyncProps {
  /** The bucket and folder the storage folder and the database snapshots go to, with the sidecar's own keys. */
  readonly target: SyncTarget;
  /** Minutes between copies (and between snapshots). @default 15 */
  readonly intervalMinutes?: number;
  /**
   * How many database snapshots the bucket keeps, newest first; each is a full copy of the database. Only
   * a SQLite database is snapshotted (back up PostgreSQL or MySQL with the server's own tools).
   * @default DEFAULT_KEEP_SNAPSHOTS (24: six hours at the default interval)
   */
  readonly keepSnapshots?: number;
}

/**
 * Local storage for the backend, exactly as LocalStorage, plus a backup that restores: a sidecar
 * (`<namePrefix>-snapshot`) takes a consistent snapshot of the SQLite database into a scratch volume
 * (`<namePrefix>-snapshot-scratch`, `-g<N>` from volume generation 2 on) every interval, and the sync sidecar
 * (`<namePrefix>-sync`) copies the storage folder and then the waiting snapshots to a bucket, keeping the newest `keepSnapshots`. With
 * postgres or mysql only the storage folder is copied. Where the snapshots are: SNAPSHOT_LAYOUT (this
 * repository's `npm run restore` reads them back).
 *
 * @example
 * ```ts
 * const key = (name: string) => new TerraformVariable(this, name, { type: "string", sensitive: true }).stringValue;
 * const storage = new LocalPlusSync({
 *   // The files and snapshots go to s3://shop-backups/shop/ (the folder defaults to the workspace name).
 *   target: { kind: "AwsS3", region: "eu-central-1", bucket: "shop-backups", credentials: { accessKeyId: key("sync_access_key_id"), secretAccessKey: key("sync_secret_access_key") } },
 * });
 * new ConvexDeployment(this, "convex", { workspaceName: "shop", urls, storage });
 * ```
 */
export class LocalPlusSync implements IStorageStrategy {
  /** The strategy's name. */
  readonly kind = "LocalPlusSync";
  /** What the backend records in its database on first boot. */
  readonly mode = "local";
  /** Where the files live, as the data volume records it. */
  readonly location = LOCAL_LOCATION;

  /** Checks the props now: a known value that is refused throws InvalidPropsError, naming the prop. */
  constructor(private readonly props: LocalPlusSyncProps) {
    // Known values are refused here, before any construct exists; tokens are the sidecar's to check at plan.
    checkSyncTarget(props.target, "target");
    if (props.intervalMinutes !== undefined) checkSyncInterval(props.intervalMinutes, "intervalMinutes");
    if (props.keepSnapshots !== undefined) assertKeepSnapshots(props.keepSnapshots, "keepSnapshots");
  }

  /** Adds what the strategy needs under `scope` and returns what the backend needs. */
  bind(scope: Construct, context: StorageBindContext): StorageBinding {
    const keep = this.props.keepSnapshots ?? DEFAULT_KEEP_SNAPSHOTS;
    const sqlite = (context.database?.kind ?? "sqlite") === "sqlite";
    let snapshots: { scratchVolume: Volume; keep: number } | undefined;
    if (sqlite) {
      // Scratch only: snapshots wait here until uploaded, so it needs no protection from destroy. One per volume
      // generation: after a restore into the next one, the snapshots an earlier generation left waiting are of
      // data the restore went back from, and uploading them would make them the newest in the bucket.
      const generation = context.dataVolume.generation;
      const scratchVolume = new Volume(scope, "snapshot-scratch", {
        name: `${context.namePrefix}-snapshot-scratch${generation === FIRST_VOLUME_GENERATION ? "" : `-g${generation}`}`,
      });
      new SqliteSnapshotSidecar(scope, "snapshot", {
        containerName: `${context.namePrefix}-snapshot`,
        dataVolume: context.dataVolume,
        scratchVolume,
        intervalMinutes: this.props.intervalMinutes,
        keep,
        backendRevision: context.backendVersion,
      });
      snapshots = { scratchVolume, keep };
    }
    new RcloneSyncSidecar(scope, "sync", {
      containerName: `${context.namePrefix}-sync`,
      dataVolume: context.dataVolume,
      network: context.network,
      target: this.props.target,
      intervalMinutes: this.props.intervalMinutes,
      snapshots,
    });
    // Nothing for the backend: it must not see the sync keys, and it runs on local storage as LocalStorage does.
    return { mode: this.mode, location: this.location, backendEnvironment: {} };
  }
}
