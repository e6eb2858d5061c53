import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import type { CheckResult } from "../probes/check";

/** The storage family's rows: what the workspace's storage kind checks against the real store (storage-kinds/). */
export function storageChecks(ws: ResolvedWorkspace, env: NodeJS.ProcessEnv): Promise<CheckResult[]> {
  return ws.storageKind.doctor(ws.config.storage, { workspace: ws, env });
}
