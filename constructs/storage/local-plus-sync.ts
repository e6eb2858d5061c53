import type { Construct } from "constructs";
import { LOCAL_LOCATION } from "../domain";
import type { IStorageStrategy, StorageBindContext, StorageBinding } from "./storage-strategy";
import { checkSyncInterval, checkSyncTarget, rcloneCopyCommand, RcloneSyncSidecar, type SyncTarget } from "./sync-sidecar";

export interface LocalPlusSyncProps {
  /** The bucket and folder the storage folder is copied to, with the sidecar's own keys. */
  readonly target: SyncTarget;
  /** Minutes between copies. @default 15 */
  readonly intervalMinutes?: number;
}

/**
 * Local storage for the backend, exactly as LocalStorage, plus a sidecar (`<namePrefix>-sync`) that copies
 * the storage folder to a bucket on a timer: a durable copy of the files, minutes behind.
 */
export class LocalPlusSync implements IStorageStrategy {
  readonly kind = "LocalPlusSync";
  readonly mode = "local";
  readonly location = LOCAL_LOCATION;
  /** The one-shot copy the sidecar repeats (also its `convex-stack.sync-command` label). */
  readonly syncCommand: string;

  constructor(private readonly props: LocalPlusSyncProps) {
    // Known values are refused here, before any construct exists; tokens are the sidecar's to check at plan.
    checkSyncTarget(props.target, "target");
    if (props.intervalMinutes !== undefined) checkSyncInterval(props.intervalMinutes, "intervalMinutes");
    this.syncCommand = rcloneCopyCommand(props.target);
  }

  bind(scope: Construct, context: StorageBindContext): StorageBinding {
    new RcloneSyncSidecar(scope, "sync", {
      containerName: `${context.namePrefix}-sync`,
      dataVolume: context.dataVolume,
      network: context.network,
      target: this.props.target,
      intervalMinutes: this.props.intervalMinutes,
    });
    // Nothing for the backend: it must not see the sync keys, and it runs on local storage as LocalStorage does.
    return { mode: this.mode, location: this.location, backendEnvironment: {} };
  }
}
