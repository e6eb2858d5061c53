import { resolve } from "node:path";
import { readTextFile } from "../config/text-file";

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

/** A stack's state is tens of kilobytes; far more is not a state file this project wrote. */
const MAX_STATE_FILE_BYTES = 64 * 1024 * 1024;

export interface StateVolume {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

export type StateVolumes =
  | { readonly kind: "absent" }
  | { readonly kind: "read"; readonly volumes: readonly StateVolume[] }
  | { readonly kind: "unreadable"; readonly reason: string };

/**
 * The docker_volume resources of a Terraform state file (format version 4: resources[].instances[]
 * .attributes, where the provider keeps labels as a set of {label, value} blocks).
 */
export function readStateVolumes(path: string): StateVolumes {
  const file = readTextFile(path, MAX_STATE_FILE_BYTES);
  if (!file.ok) return file.absent ? { kind: "absent" } : { kind: "unreadable", reason: `it ${file.reason}` };
  let state: unknown;
  try {
    state = JSON.parse(file.text);
  } catch {
    return { kind: "unreadable", reason: "it is not valid JSON" };
  }
  const { version, resources } = (state ?? {}) as { version?: unknown; resources?: unknown };
  if (version !== 4) return { kind: "unreadable", reason: `its format version is ${JSON.stringify(version)}, not 4` };
  if (resources !== undefined && !Array.isArray(resources)) return { kind: "unreadable", reason: "its resources are not a list" };
  const volumes: StateVolume[] = [];
  for (const resource of (resources ?? []) as Record<string, unknown>[]) {
    if (resource?.mode !== "managed" || resource.type !== "docker_volume" || !Array.isArray(resource.instances)) continue;
    for (const instance of resource.instances as { attributes?: { name?: unknown; labels?: unknown } }[]) {
      const attributes = instance?.attributes;
      if (typeof attributes?.name !== "string") continue;
      const labels: Record<string, string> = {};
      if (Array.isArray(attributes.labels)) {
        for (const entry of attributes.labels as { label?: unknown; value?: unknown }[]) {
          if (typeof entry?.label === "string" && typeof entry.value === "string") labels[entry.label] = entry.value;
        }
      }
      volumes.push({ name: attributes.name, labels });
    }
  }
  return { kind: "read", volumes };
}
