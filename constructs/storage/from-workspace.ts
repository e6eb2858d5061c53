import type { ResolvedWorkspace } from "../../config/resolve";
import type { SecretVariables } from "../secret-variables";
import { LocalStorage } from "./local-storage";
import type { IStorageStrategy } from "./storage-strategy";

/** Maps a workspace file's `storage` block onto its strategy; secrets become sensitive variables. */
export function storageStrategyFor(workspace: ResolvedWorkspace, _secrets: SecretVariables): IStorageStrategy {
  const storage = workspace.config.storage;
  switch (storage.kind) {
    case "LocalStorage":
      return new LocalStorage();
    default:
      throw new Error(`storage.kind ${storage.kind} is not implemented yet`);
  }
}
