import { Volume } from "@cdktf/provider-docker/lib/volume";
import type { Construct } from "constructs";
import { DEFAULT_KEEP_SNAPSHOTS, FIRST_VOLUME_GENERATION, LOCAL_LOCATION } from "../domain";
import { SqliteSnapshotSidecar, assertKeepSnapshots } from "./database-snapshots";
import type { IStorageStrategy, StorageBindContext, StorageBinding } from "./storage-strategy";
import { checkSyncInterval } from "./repeat-every";
import { checkSyncTarget, rcloneSyncCommand, RcloneSyncSidecar, type SyncTarget } from "./sync-sidecar";

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
 * (`<namePrefix>-snapshot-scratch`, `-g<N>` from volume generation 2 on) every interval, and the sync sidecar (`<namePrefix>-sync`) copies the
 * storage folder and then the waiting snapshots to a bucket, keeping the newest `keepSnapshots`. With
 * postgres or mysql only the storage folder is copied. `npm run restore` reads it back.
 */
export class LocalPlusSync implements IStorageStrategy {
  readonly kind = "LocalPlusSync";
  readonly mode = "local";
  readonly location = LOCAL_LOCATION;
  /**
   * The one-shot the sync sidecar repeats over a SQLite database (also its `convex-stack.sync-command` label);
   * over postgres or mysql it repeats only the storage-folder copy, rcloneCopyCommand(target).
   */
  readonly syncCommand: string;

  constructor(private readonly props: LocalPlusSyncProps) {
    // Known values are refused here, before any construct exists; tokens are the sidecar's to check at plan.
    checkSyncTarget(props.target, "target");
    if (props.intervalMinutes !== undefined) checkSyncInterval(props.intervalMinutes, "intervalMinutes");
    if (props.keepSnapshots !== undefined) assertKeepSnapshots(props.keepSnapshots, "keepSnapshots");
    this.syncCommand = rcloneSyncCommand(props.target, props.keepSnapshots ?? DEFAULT_KEEP_SNAPSHOTS);
  }

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
