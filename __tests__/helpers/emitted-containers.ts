import type { SynthesizedStack } from "./workspaces";

/** A docker_container of cdk.tf.json with its references resolved: what the engine is to run. */
export interface EmittedContainer {
  readonly name: string;
  readonly image: string;
  readonly entrypoint?: readonly string[];
  readonly env: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly volumes: readonly { volume: string; containerPath: string; readOnly: boolean }[];
  readonly user?: string;
  readonly init: boolean;
  readonly network?: string;
  readonly restart?: string;
}

/**
 * The stack's containers by name, with `${var.X}` taken from `variables` and references to its own volumes,
 * images and networks resolved to their names; anything else Terraform would have to evaluate is refused,
 * so a test never runs a container that differs from what the stack says. (The drill lets Terraform
 * evaluate whole stacks; these tests run single sidecars against seeded volumes.)
 */
export function emittedContainers(
  stack: SynthesizedStack,
  variables: Readonly<Record<string, string>> = {},
): Record<string, EmittedContainer> {
  const resources = stack.tf.resource;
  const resolve = (text: string): string =>
    text.replace(/\$\{([^}]*)\}/g, (whole, expression: string) => {
      const variable = /^var\.(\w+)$/.exec(expression);
      if (variable && variables[variable[1]] !== undefined) return variables[variable[1]];
      const reference = /^(docker_volume|docker_image|docker_network)\.([\w-]+)\.(name|image_id)$/.exec(expression);
      const resource = reference && resources[reference[1]]?.[reference[2]];
      if (resource) return resource.name as string;
      throw new Error(`${whole} is not something this test resolves: give the variable, or let Terraform evaluate it`);
    });
  const containers: Record<string, EmittedContainer> = {};
  for (const attributes of Object.values(resources.docker_container ?? {})) {
    const a = attributes;
    const networks = (a.networks_advanced as { name: string }[] | undefined) ?? [];
    const container: EmittedContainer = {
      name: resolve(a.name as string),
      image: resolve(a.image as string),
      entrypoint: (a.entrypoint as string[] | undefined)?.map(resolve),
      env: ((a.env as string[] | undefined) ?? []).map(resolve),
      labels: Object.fromEntries(
        ((a.labels as { label: string; value: string }[] | undefined) ?? []).map((l) => [l.label, resolve(l.value)]),
      ),
      volumes: (
        (a.volumes as { volume_name: string; container_path: string; read_only?: boolean }[] | undefined) ?? []
      ).map((v) => ({
        volume: resolve(v.volume_name),
        containerPath: v.container_path,
        readOnly: v.read_only === true,
      })),
      user: a.user as string | undefined,
      init: a.init === true,
      network: (a.network_mode as string | undefined) ?? (networks.length > 0 ? resolve(networks[0].name) : undefined),
      restart: a.restart as string | undefined,
    };
    containers[container.name] = container;
  }
  return containers;
}

/** `docker create` arguments that make exactly this container. */
export function createArguments(container: EmittedContainer): string[] {
  const [entrypoint, ...args] = container.entrypoint ?? [];
  return [
    "--name",
    container.name,
    ...(entrypoint !== undefined ? ["--entrypoint", entrypoint] : []),
    ...container.env.flatMap((e) => ["--env", e]),
    ...Object.entries(container.labels).flatMap(([k, v]) => ["--label", `${k}=${v}`]),
    ...container.volumes.flatMap((v) => ["--volume", `${v.volume}:${v.containerPath}${v.readOnly ? ":ro" : ""}`]),
    ...(container.user !== undefined ? ["--user", container.user] : []),
    ...(container.init ? ["--init"] : []),
    ...(container.network !== undefined ? ["--network", container.network] : []),
    ...(container.restart !== undefined ? ["--restart", container.restart] : []),
    container.image,
    ...args,
  ];
}
