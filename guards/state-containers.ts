import type { TerraformState } from "./state-document";

export interface StateContainer {
  readonly name: string;
  /** Its environment as applied (`KEY=value` entries of the provider's env set). */
  readonly env: readonly string[];
}

/**
 * The docker_container named `name` that a state records, with the environment it was applied with (the
 * first such record). Only that one is kept: a state of many containers costs one pass and no copies.
 */
export function containerInState(state: TerraformState, name: string): StateContainer | undefined {
  for (const resource of state.resources as Record<string, unknown>[]) {
    if (resource?.mode !== "managed" || resource.type !== "docker_container" || !Array.isArray(resource.instances))
      continue;
    for (const instance of resource.instances as { attributes?: { name?: unknown; env?: unknown } }[]) {
      const attributes = instance?.attributes;
      if (attributes?.name !== name) continue;
      return {
        name,
        env: Array.isArray(attributes.env) ? attributes.env.filter((e): e is string => typeof e === "string") : [],
      };
    }
  }
  return undefined;
}
