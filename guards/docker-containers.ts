import { IMAGE_REVISION_LABEL, backendTagOf } from "../upgrades/backend-image";
import { DOCKER_TIMEOUT_MS, type Inspected, inspectObjects, inspectObjectsAsync } from "./docker-inspect";

export type LiveContainer =
  | {
      readonly kind: "present";
      readonly env: Readonly<Record<string, string>>;
      /** The image reference it was created with (an image ID when Terraform created it). */
      readonly image: string;
      /**
       * The upstream backend revision it runs: its image's revision label, else its backend image tag;
       * undefined when neither says (an image that is not upstream's, created by ID).
       */
      readonly revision?: string;
      /** Names of the Docker volumes it mounts. */
      readonly volumes: readonly string[];
    }
  | { readonly kind: "absent" }
  /** The engine did not answer (or the CLI is missing): nothing is known about the container. */
  | { readonly kind: "unknown"; readonly reason: string };

/** How the guards ask one engine about several containers; validate and synth share one answer per engine. */
export type ContainerInspection = (
  dockerHost: string,
  names: readonly string[],
  timeoutMs?: number,
) => Map<string, LiveContainer>;

/** Asks one Docker engine about several containers (one `docker container inspect`), blocking until it answers. */
export function inspectContainers(
  dockerHost: string,
  names: readonly string[],
  timeoutMs = DOCKER_TIMEOUT_MS,
): Map<string, LiveContainer> {
  return asContainers(inspectObjects("container", dockerHost, names, timeoutMs));
}

/** inspectContainers without blocking the event loop. */
export async function inspectContainersAsync(
  dockerHost: string,
  names: readonly string[],
  timeoutMs = DOCKER_TIMEOUT_MS,
): Promise<Map<string, LiveContainer>> {
  return asContainers(await inspectObjectsAsync("container", dockerHost, names, timeoutMs));
}

/** inspectContainers that asks each engine about the same containers once, however many checks want them. */
export function inspectContainersOnce(): ContainerInspection {
  const answers = new Map<string, Map<string, LiveContainer>>();
  return (dockerHost, names, timeoutMs) => {
    const key = JSON.stringify([dockerHost, [...names].sort()]);
    if (!answers.has(key)) answers.set(key, inspectContainers(dockerHost, names, timeoutMs));
    return answers.get(key)!;
  };
}

/** Docker's `KEY=value` list as a map (the first `=` splits). */
export function environmentOf(list: unknown): Record<string, string> {
  const entries = Array.isArray(list)
    ? list.filter((entry): entry is string => typeof entry === "string" && entry.includes("="))
    : [];
  return Object.fromEntries(
    entries.map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]),
  );
}

function asContainers(inspected: Map<string, Inspected>): Map<string, LiveContainer> {
  return new Map(
    [...inspected].map(([name, answer]): [string, LiveContainer] => {
      if (answer.kind !== "present") return [name, answer];
      const config = answer.object.Config as { Env?: unknown; Image?: unknown; Labels?: unknown } | undefined;
      const image = typeof config?.Image === "string" ? config.Image : "";
      const labels =
        config?.Labels && typeof config.Labels === "object" ? (config.Labels as Record<string, unknown>) : {};
      const labelled = labels[IMAGE_REVISION_LABEL];
      const mounts = Array.isArray(answer.object.Mounts)
        ? (answer.object.Mounts as { Type?: unknown; Name?: unknown }[])
        : [];
      return [
        name,
        {
          kind: "present",
          env: environmentOf(config?.Env),
          image,
          revision: typeof labelled === "string" && /^[0-9a-f]{40}$/.test(labelled) ? labelled : backendTagOf(image),
          volumes: mounts
            .filter((m) => m?.Type === "volume" && typeof m.Name === "string")
            .map((m) => m.Name as string),
        },
      ];
    }),
  );
}
