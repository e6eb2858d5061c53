import type { ContainerRole } from "../constructs/domain";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";

/** One container a workspace deploys, by its role (its key in the workspace's `resources`). */
export interface WorkspaceContainer {
  readonly role: ContainerRole;
  readonly container: string;
  /** As messages name it ("the backend", "the sync sidecar"). */
  readonly what: string;
  /** Minutes between its runs, for a sidecar that repeats one. */
  readonly intervalMinutes?: number;
}

/** Every container a workspace deploys: the backend, the dashboard, the front door with `proxy`, and its storage kind's sidecars. */
export function workspaceContainers(ws: ResolvedWorkspace): WorkspaceContainer[] {
  return [
    { role: "backend", container: ws.names.backendContainer, what: "the backend" },
    { role: "dashboard", container: ws.names.dashboardContainer, what: "the dashboard" },
    ...(ws.config.proxy
      ? [{ role: "proxy" as const, container: ws.names.proxyContainer, what: "the front door" }]
      : []),
    ...(ws.storageKind.sidecars?.(ws.config.storage, ws) ?? []),
  ];
}
