import { FIRST_VOLUME_GENERATION } from "./defaults";
import type { ValueRule } from "./patterns";

/** Public URLs of the API port, the HTTP-actions port and the dashboard. */
export interface PublicUrls {
  readonly backend: string;
  readonly site: string;
  readonly dashboard: string;
}

/** Docker object names: part of the contract (renaming one replaces the resource). */
export interface ResourceNames {
  readonly backendContainer: string;
  readonly dashboardContainer: string;
  readonly syncContainer: string;
  /** LocalPlusSync's snapshot sidecar. */
  readonly snapshotContainer: string;
  readonly volume: string;
  readonly network: string;
}

/**
 * A workspace name: it names every Docker object (`convex-<name>-backend`, ...) and defaults the instance
 * name, so it stays a DNS label that leaves room for those prefixes and suffixes.
 */
export const WORKSPACE_NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/;
/** What WORKSPACE_NAME_PATTERN allows, for messages; the same rule serves instance names and Coder app slugs. */
export const WORKSPACE_NAME_ALLOWED = "lowercase letters, digits and dashes, 1-40 characters, no dash at either end";
export const WORKSPACE_NAME_RULE: ValueRule = {
  allowed: WORKSPACE_NAME_ALLOWED,
  checks: [{ pattern: WORKSPACE_NAME_PATTERN, matches: true }],
};

/** INSTANCE_NAME when none is given. */
export function defaultInstanceName(workspaceName: string): string {
  return `convex-${workspaceName}`;
}

/** The SQL database a postgres or mysql server must already have for an instance: upstream derives it ('-' as '_'). */
export function databaseNameFor(instanceName: string): string {
  return instanceName.replace(/-/g, "_");
}

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
  };
}
