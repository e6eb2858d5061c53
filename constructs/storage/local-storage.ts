import type { Construct } from "constructs";
import { LOCAL_LOCATION } from "../domain";
import type { IStorageStrategy, StorageBindContext, StorageBinding } from "./storage-strategy";

/** Files in the data volume (/convex/data/storage): the default, with nothing outside Docker to run. */
export class LocalStorage implements IStorageStrategy {
  readonly kind = "LocalStorage";
  readonly mode = "local";
  readonly location = LOCAL_LOCATION;

  bind(_scope: Construct, _context: StorageBindContext): StorageBinding {
    // No variable at all: the entrypoint picks local storage when the S3 variables are absent.
    return { mode: this.mode, location: this.location, backendEnvironment: {} };
  }
}
