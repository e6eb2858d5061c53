import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";

/** A path on the Docker host that a workspace's stack bind-mounts into a container. */
export interface BindSource {
  /** The field that names it, as findings name it. */
  readonly field: string;
  readonly path: string;
  /** The container that sees it. */
  readonly container: string;
}

/**
 * Every bind source of a workspace, in one place: rules bind-source-path and bind-source-is-a-file check
 * each, so a field added later that names a host path is covered by adding it here.
 */
export function bindSources(ws: ResolvedWorkspace): BindSource[] {
  const { database, proxy } = ws.config;
  const sources: BindSource[] = [];
  if (database.kind !== "sqlite" && database.caFile !== undefined)
    sources.push({ field: "database.caFile", path: database.caFile, container: ws.names.backendContainer });
  if (proxy?.acme?.caRootFile !== undefined)
    sources.push({ field: "proxy.acme.caRootFile", path: proxy.acme.caRootFile, container: ws.names.proxyContainer });
  return sources;
}
