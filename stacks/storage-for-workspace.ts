import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import * as library from "../constructs";

/**
 * Maps a workspace file's `storage` block onto its strategy: its storage kind knows how (storage-kinds/).
 * Secrets become sensitive variables, declared only when used: storage_* reach the backend, sync_* only the
 * sync sidecar. The library is handed to the kind, so that the kinds, which validate and the doctor load
 * too, never load cdktf themselves.
 */
export function storageStrategyFor(
  workspace: ResolvedWorkspace,
  secrets: library.SecretVariables,
): library.IStorageStrategy {
  return workspace.storageKind.strategy(workspace.config.storage, { workspace, secrets, library });
}
