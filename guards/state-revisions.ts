import { backendTagOf } from "../upgrades/backend-image";
import type { TerraformState } from "./state-document";

/** What a Terraform state says about the backend revisions that ran on a deployment. */
export interface BackendRevisionsInState {
  /** Tags of the backend images the state manages (docker_image `ghcr.io/get-convex/convex-backend:<tag>`): what the last apply ran. */
  readonly images: readonly string[];
  /** Revisions in the downgrade guard's record, per volume generation: every known revision each generation reached. */
  readonly recorded: ReadonlyMap<number, readonly string[]>;
  /** Names of the docker_volume resources the state manages: an image belongs to the generation whose volume is among them. */
  readonly volumes: readonly string[];
}

/** The construct id of DowngradeGuard's record (constructs/downgrade-guard.ts), as it ends a resource name. */
const RECORD_NAME = /(?:^|_)no-revision-older-than(?:-g(\d+))?_[0-9A-F]{8}$/;

/**
 * Pure reading of a parsed Terraform state document (format 4, any backend: local file or remote), so
 * whoever fetches the document decides where it comes from. Unknown shapes are skipped, never thrown on.
 */
export function backendRevisionsInState(state: Pick<TerraformState, "resources">): BackendRevisionsInState {
  const images: string[] = [];
  const volumes: string[] = [];
  const recorded = new Map<number, string[]>();
  for (const resource of (state.resources ?? []) as Record<string, unknown>[]) {
    if (resource?.mode !== "managed" || !Array.isArray(resource.instances)) continue;
    const instances = resource.instances as { index_key?: unknown; attributes?: Record<string, unknown> }[];
    if (resource.type === "docker_image" || resource.type === "docker_volume") {
      for (const instance of instances) {
        const name = instance?.attributes?.name;
        if (typeof name !== "string") continue;
        if (resource.type === "docker_volume") volumes.push(name);
        const tag = resource.type === "docker_image" ? backendTagOf(name) : undefined;
        if (tag !== undefined) images.push(tag);
      }
      continue;
    }
    const record =
      resource.type === "terraform_data" && typeof resource.name === "string" ? RECORD_NAME.exec(resource.name) : null;
    if (!record) continue;
    const generation = Number(record[1] ?? 1);
    for (const instance of instances) {
      const value = (instance?.attributes?.input as { value?: { revision?: unknown } } | undefined)?.value;
      if (typeof value?.revision === "string")
        recorded.set(generation, [...(recorded.get(generation) ?? []), value.revision]);
    }
  }
  return { images, recorded, volumes };
}
