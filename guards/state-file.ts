import { readFileSync } from "node:fs";
import { resolve } from "node:path";

/** Where cdktf writes stacks unless CDKTF_OUTDIR says otherwise. */
export const DEFAULT_OUTDIR = "cdktf.out";

/**
 * The local state file of a workspace's stack. WorkspaceStack's LocalBackend path is relative to the
 * stack's directory (<outdir>/stacks/<name>), so the file sits next to the output directory.
 */
export function localStatePath(workspaceName: string, outdir: string = DEFAULT_OUTDIR): string {
  return resolve(outdir, "..", `terraform.${workspaceName}.tfstate`);
}

/** The path WorkspaceStack gives its LocalBackend: relative, so no machine's absolute path is synthesized. */
export function localBackendPath(workspaceName: string): string {
  return `../../../terraform.${workspaceName}.tfstate`;
}

export interface StateVolume {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

export type StateVolumes =
  | { readonly kind: "absent" }
  | { readonly kind: "read"; readonly volumes: readonly StateVolume[] }
  | { readonly kind: "unreadable"; readonly reason: string };

/** A state file's managed resources, or why they cannot be read. */
type StateResources =
  | { readonly kind: "absent" }
  | { readonly kind: "read"; readonly resources: readonly Record<string, unknown>[] }
  | { readonly kind: "unreadable"; readonly reason: string };

/** The managed resources of a Terraform state file (format version 4). */
function readStateResources(path: string): StateResources {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "absent" };
    return { kind: "unreadable", reason: (error as Error).message };
  }
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch {
    return { kind: "unreadable", reason: "it is not valid JSON" };
  }
  const { version, resources } = (state ?? {}) as { version?: unknown; resources?: unknown };
  if (version !== 4) return { kind: "unreadable", reason: `its format version is ${JSON.stringify(version)}, not 4` };
  if (resources !== undefined && !Array.isArray(resources)) return { kind: "unreadable", reason: "its resources are not a list" };
  return { kind: "read", resources: ((resources ?? []) as Record<string, unknown>[]).filter((resource) => resource?.mode === "managed") };
}

/** The attributes of each instance of the resources of one type. */
function instancesOf(resources: readonly Record<string, unknown>[], type: string): Record<string, unknown>[] {
  return resources
    .filter((resource) => resource.type === type && Array.isArray(resource.instances))
    .flatMap((resource) => (resource.instances as { attributes?: Record<string, unknown> }[]).map((instance) => instance?.attributes ?? {}));
}

/**
 * The docker_volume resources of a Terraform state file (format version 4: resources[].instances[]
 * .attributes, where the provider keeps labels as a set of {label, value} blocks).
 */
export function readStateVolumes(path: string): StateVolumes {
  const state = readStateResources(path);
  if (state.kind !== "read") return state;
  const volumes: StateVolume[] = [];
  for (const attributes of instancesOf(state.resources, "docker_volume")) {
    if (typeof attributes.name !== "string") continue;
    const labels: Record<string, string> = {};
    if (Array.isArray(attributes.labels)) {
      for (const entry of attributes.labels as { label?: unknown; value?: unknown }[]) {
        if (typeof entry?.label === "string" && typeof entry.value === "string") labels[entry.label] = entry.value;
      }
    }
    volumes.push({ name: attributes.name, labels });
  }
  return { kind: "read", volumes };
}

export interface StateContainer {
  readonly name: string;
  /** Its environment as applied (`KEY=value` entries of the provider's env set). */
  readonly env: readonly string[];
}

export type StateContainers =
  | { readonly kind: "absent" }
  | { readonly kind: "read"; readonly containers: readonly StateContainer[] }
  | { readonly kind: "unreadable"; readonly reason: string };

/** The docker_container resources of a Terraform state file, with the environment each was applied with. */
export function readStateContainers(path: string): StateContainers {
  const state = readStateResources(path);
  if (state.kind !== "read") return state;
  const containers = instancesOf(state.resources, "docker_container").flatMap((attributes) =>
    typeof attributes.name === "string" ? [{ name: attributes.name, env: Array.isArray(attributes.env) ? attributes.env.filter((e): e is string => typeof e === "string") : [] }] : [],
  );
  return { kind: "read", containers };
}
