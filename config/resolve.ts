import { BUCKET_PURPOSES, type Buckets, bucketsFromPrefix, defaultInstanceName, type PublicUrls, type ResourceNames, resourceNames } from "../constructs/domain";
import { urlHostOf } from "./bind-address";
import type { Problem } from "./problems";
import type { Workspace } from "./schema";

/** Environment variables a Coder workspace sets for its agent's processes. */
export const CODER_ENV = {
  workspace: "CODER_WORKSPACE_NAME",
  owner: "CODER_WORKSPACE_OWNER_NAME",
  agent: "CODER_WORKSPACE_AGENT_NAME",
} as const;

/** A workspace with every default and derivation applied: what the stack is built from. */
export interface ResolvedWorkspace {
  readonly file: string;
  readonly config: Workspace;
  readonly name: string;
  readonly instanceName: string;
  readonly urls: PublicUrls;
  readonly reachedThroughCoder: boolean;
  /** The five bucket names of an AwsS3 / CephViaGateway workspace, explicit or derived from bucketPrefix. */
  readonly buckets?: Buckets;
  readonly names: ResourceNames;
}

export function coderUrl(slug: string, agent: string, workspace: string, owner: string, accessDomain: string): string {
  return `https://${slug}--${agent}--${workspace}--${owner}.${accessDomain}`.toLowerCase();
}

/**
 * The file's object with the values the environment supplies filled in where the file leaves them out
 * (network.coder's agent, workspace and owner), so they pass every check a value in the file passes, and
 * which paths were filled from which variable. The file's own object is not changed.
 */
export function environmentValues(file: object, env: NodeJS.ProcessEnv): { raw: object; fromEnvironment: Map<string, string> } {
  const fromEnvironment = new Map<string, string>();
  const network = (file as { network?: unknown }).network;
  const coder = isPlainObject(network) ? network.coder : undefined;
  if (!isPlainObject(network) || !isPlainObject(coder)) return { raw: file, fromEnvironment };
  const filled: Record<string, unknown> = { ...coder };
  for (const key of Object.keys(CODER_ENV) as (keyof typeof CODER_ENV)[]) {
    const value = env[CODER_ENV[key]];
    if (Object.hasOwn(coder, key) || !value) continue;
    filled[key] = value;
    fromEnvironment.set(`network.coder.${key}`, CODER_ENV[key]);
  }
  return { raw: { ...file, network: { ...network, coder: filled } }, fromEnvironment };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Applies derivations; returns the problems of fields that only make sense together. */
export function resolveWorkspace(file: string, config: Workspace): { workspace?: ResolvedWorkspace; problems: Problem[] } {
  const problems: Problem[] = [];
  const urls = resolveUrls(file, config, problems);
  const buckets = resolveBuckets(file, config, problems);
  checkStorageFieldsAgree(file, config, problems);
  if (problems.length > 0 || !urls) return { problems };
  return {
    problems,
    workspace: {
      file,
      config,
      name: config.name,
      instanceName: config.convex.instanceName ?? defaultInstanceName(config.name),
      urls,
      reachedThroughCoder: config.network.coder !== undefined,
      buckets,
      names: resourceNames(config.name, config.volume.generation),
    },
  };
}

function resolveUrls(file: string, config: Workspace, problems: Problem[]): PublicUrls | undefined {
  const { publicUrls, coder, ports, bindAddress } = config.network;
  if (publicUrls && coder) {
    problems.push({
      file,
      path: "network",
      message: "both publicUrls and coder are set; keep one: coder derives the URLs, publicUrls states them",
    });
    return undefined;
  }
  if (publicUrls) return publicUrls;
  if (coder) {
    // The environment's values are in the config already (environmentValues), checked like the file's.
    const parts: Record<keyof typeof CODER_ENV, string | undefined> = { agent: coder.agent, workspace: coder.workspace, owner: coder.owner };
    for (const key of Object.keys(CODER_ENV) as (keyof typeof CODER_ENV)[]) {
      if (!parts[key]) {
        problems.push({
          file,
          path: `network.coder.${key}`,
          message: `is required: set it in the file or run where ${CODER_ENV[key]} is set (inside the Coder workspace)`,
        });
      }
    }
    if (!parts.agent || !parts.workspace || !parts.owner) return undefined;
    const url = (slug: string) => coderUrl(slug, parts.agent!, parts.workspace!, parts.owner!, coder.accessDomain);
    return { backend: url(coder.apps.backend), site: url(coder.apps.site), dashboard: url(coder.apps.dashboard) };
  }
  const host = urlHostOf(bindAddress);
  return {
    backend: `http://${host}:${ports.backend}`,
    site: `http://${host}:${ports.site}`,
    dashboard: `http://${host}:${ports.dashboard}`,
  };
}

function resolveBuckets(file: string, config: Workspace, problems: Problem[]): Buckets | undefined {
  const storage = config.storage;
  if (storage.kind !== "AwsS3" && storage.kind !== "CephViaGateway") return undefined;
  // A blank prefix still counts as given: rule s3-settings-complete explains it.
  if (storage.buckets && storage.bucketPrefix !== undefined) {
    problems.push({
      file,
      path: "storage.bucketPrefix",
      message: "both buckets and bucketPrefix are set; keep one (bucketPrefix derives <prefix>-exports, <prefix>-files, ...)",
    });
    return undefined;
  }
  if (storage.buckets) return storage.buckets;
  if (storage.bucketPrefix !== undefined) return bucketsFromPrefix(storage.bucketPrefix);
  problems.push({
    file,
    path: "storage.buckets",
    message: `is required for ${storage.kind}: give buckets {${BUCKET_PURPOSES.join(", ")}} or one bucketPrefix; without all five the backend silently falls back to local storage`,
  });
  return undefined;
}

/**
 * Storage fields that only make sense together. Structural, like the bucket choice above: without these
 * checks a setting would be silently ignored. (What breaks upstream, such as a gateway sync target without
 * an endpoint, is the rule catalogue's: config/rules/.)
 */
function checkStorageFieldsAgree(file: string, config: Workspace, problems: Problem[]): void {
  const storage = config.storage;
  const problem = (field: string, message: string) => problems.push({ file, path: `storage.${field}`, message });
  if (storage.kind === "LocalPlusSync" && storage.keepSnapshots !== undefined && config.database.kind !== "sqlite") {
    problem(
      "keepSnapshots",
      `is ${storage.keepSnapshots} but database.kind is "${config.database.kind}": the sidecar snapshots only the SQLite database in the volume. Remove keepSnapshots; back up the ${config.database.kind} server with its own tools (docs/backups.md)`,
    );
  }
  if (storage.kind !== "AwsS3" && storage.kind !== "CephViaGateway") return;
  if (storage.versioning && !storage.provisionBuckets) {
    problem("versioning", "is true but provisionBuckets is false: versioning is set only on buckets this stack creates; set provisionBuckets: true or turn versioning on at the store yourself");
  }
  if (storage.kind !== "AwsS3") return;
  if (storage.credentials === "provisionedIamUser" && !storage.provisionBuckets) {
    problem("credentials", 'is "provisionedIamUser" but provisionBuckets is false: the user is created with the buckets; set provisionBuckets: true, or use "terraformVariables" / "sdkDefaultChain"');
  }
  if (storage.sessionToken && storage.credentials !== "terraformVariables") {
    problem("sessionToken", `is true but credentials is "${storage.credentials}": a session token belongs to static credentials; use credentials "terraformVariables" or drop sessionToken`);
  }
}
