import type { Construct } from "constructs";
import { LOCAL_LOCATION } from "../domain/fingerprint";
import type { IStorageStrategy, StorageBindContext, StorageBinding } from "./storage-strategy";

/**
 * Files in the data volume (/convex/data/storage): the default, with nothing outside Docker to run.
 *
 * @example
 * ```ts
 * new ConvexDeployment(this, "convex", { workspaceName: "shop", urls, storage: new LocalStorage() });
 * ```
 */
export class LocalStorage implements IStorageStrategy {
  /** The strategy's name. */
  readonly kind = "LocalStorage";
  /** What the backend records in its database on first boot. */
  readonly mode = "local";
  /** Where the files live, as the data volume records it. */
  readonly location = LOCAL_LOCATION;

  /** Adds what the strategy needs under `scope` and returns what the backend needs. */
  bind(_scope: Construct, _context: StorageBindContext): StorageBinding {
    // No variable at all: the entrypoint picks local storage when the S3 variables are absent.
    return { mode: this.mode, location: this.location, backendEnvironment: {} };
  }
}
