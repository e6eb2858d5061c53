import type { TerraformState } from "./state-document";

export interface StateContainer {
  readonly name: string;
  /** Its environment as applied (`KEY=value` entries of the provider's env set). */
  readonly env: readonly string[];
}

/** The docker_container resources a state records, with the environment each was applied with. */
export function containersInState(state: TerraformState): StateContainer[] {
  const containers: StateContainer[] = [];
  for (const resource of state.resources as Record<string, unknown>[]) {
    if (resource?.mode !== "managed" || resource.type !== "docker_container" || !Array.isArray(resource.instances))
      continue;
    for (const instance of resource.instances as { attributes?: { name?: unknown; env?: unknown } }[]) {
      const attributes = instance?.attributes;
      if (typeof attributes?.name !== "string") continue;
      containers.push({
        name: attributes.name,
        env: Array.isArray(attributes.env) ? attributes.env.filter((e): e is string => typeof e === "string") : [],
      });
    }
  }
  return containers;
}
