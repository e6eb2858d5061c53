import { FIRST_VOLUME_GENERATION } from "./defaults";
import type { ValueFormat } from "./patterns";

/** Public URLs of the API port, the HTTP-actions port and the dashboard. */
export interface PublicUrls {
  /** CONVEX_CLOUD_ORIGIN: the API URL clients use (the backend's port 3210). */
  readonly backend: string;
  /** CONVEX_SITE_ORIGIN: where HTTP actions are served (the backend's port 3211). */
  readonly site: string;
  /** The dashboard's URL (its port 6791). */
  readonly dashboard: string;
}

/** Docker object names: part of the contract (renaming one replaces the resource). */
export interface ResourceNames {
  /** `convex-<workspace>-backend`. */
  readonly backendContainer: string;
  /** `convex-<workspace>-dashboard`. */
  readonly dashboardContainer: string;
  /** `convex-<workspace>-sync`: LocalPlusSync's copying sidecar. */
  readonly syncContainer: string;
  /** `convex-<workspace>-snapshot`: LocalPlusSync's snapshot sidecar. */
  readonly snapshotContainer: string;
  /** `convex-<workspace>-data`, `convex-<workspace>-data-g<N>` from generation 2. */
  readonly volume: string;
  /** `convex-<workspace>-proxy`: the front door (ConvexFrontDoor), when there is one. */
  readonly proxyContainer: string;
  /** `convex-<workspace>-proxy-certificates`: the front door's certificates and ACME account. */
  readonly proxyVolume: string;
  /** `convex-<workspace>`. */
  readonly network: string;
}

/**
 * A workspace name: it names every Docker object (`convex-<name>-backend`, ...) and defaults the instance
 * name, so it stays a DNS label that leaves room for those prefixes and suffixes.
 */
const WORKSPACE_NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/;
/** What WORKSPACE_NAME_PATTERN allows, for messages; the same format serves instance names and Coder app slugs. */
const WORKSPACE_NAME_ALLOWED = "lowercase letters, digits and dashes, 1-40 characters, no dash at either end";
export const WORKSPACE_NAME_FORMAT: ValueFormat = {
  allowed: WORKSPACE_NAME_ALLOWED,
  checks: [{ pattern: WORKSPACE_NAME_PATTERN, matches: true }],
};

/** INSTANCE_NAME when none is given. */
export function defaultInstanceName(workspaceName: string): string {
  return `convex-${workspaceName}`;
}

/** The folder of a LocalPlusSync target the copies land in, when none is given: the workspace name. */
export function defaultSyncPrefix(workspaceName: string): string {
  return workspaceName;
}

/** The SQL database a postgres or mysql server must already have for an instance: upstream derives it ('-' as '_'). */
export function databaseNameFor(instanceName: string): string {
  return instanceName.replace(/-/g, "_");
}

/** The Docker object names of a deployment, at a volume generation: what ConvexDeployment names its objects. */
export function resourceNames(workspaceName: string, volumeGeneration: number): ResourceNames {
  const name = workspaceName;
  return {
    backendContainer: `convex-${name}-backend`,
    dashboardContainer: `convex-${name}-dashboard`,
    syncContainer: `convex-${name}-sync`,
    snapshotContainer: `convex-${name}-snapshot`,
    volume:
      volumeGeneration === FIRST_VOLUME_GENERATION ? `convex-${name}-data` : `convex-${name}-data-g${volumeGeneration}`,
    network: `convex-${name}`,
    ...frontDoorNames(name),
  };
}

/**
 * The front door's Docker objects. The volume's name ends neither in `-data` nor in `-data-g<N>`, so it can
 * never be another workspace's data volume (workspace `a`'s door and workspace `a-proxy`'s data, say).
 */
export function frontDoorNames(workspaceName: string): Pick<ResourceNames, "proxyContainer" | "proxyVolume"> {
  return { proxyContainer: `convex-${workspaceName}-proxy`, proxyVolume: `convex-${workspaceName}-proxy-certificates` };
}
