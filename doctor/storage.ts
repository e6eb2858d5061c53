import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import { storageKindOf } from "../storage-kinds";
import type { CheckResult } from "../probes/check";

/** The storage family's rows: what the workspace's storage kind checks against the real store (storage-kinds/). */
export function storageChecks(ws: ResolvedWorkspace, env: NodeJS.ProcessEnv): Promise<CheckResult[]> {
  const storage = ws.config.storage;
  return storageKindOf(storage).doctor(storage, { workspace: ws, env });
}
