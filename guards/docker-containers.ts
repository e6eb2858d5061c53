import { DOCKER_TIMEOUT_MS, type Inspected, inspectObjects, inspectObjectsAsync } from "./docker-inspect";

export type LiveContainer =
  | { readonly kind: "present"; readonly env: Readonly<Record<string, string>> }
  | { readonly kind: "absent" }
  /** The engine did not answer (or the CLI is missing): nothing is known about the container. */
  | { readonly kind: "unknown"; readonly reason: string };

/** Asks one Docker engine about several containers (their environment), blocking until it answers. */
export function inspectContainers(dockerHost: string, names: readonly string[], timeoutMs = DOCKER_TIMEOUT_MS): Map<string, LiveContainer> {
  return asContainers(inspectObjects("container", dockerHost, names, timeoutMs));
}

/** inspectContainers without blocking the event loop. */
export async function inspectContainersAsync(dockerHost: string, names: readonly string[], timeoutMs = DOCKER_TIMEOUT_MS): Promise<Map<string, LiveContainer>> {
  return asContainers(await inspectObjectsAsync("container", dockerHost, names, timeoutMs));
}

/** Docker's `KEY=value` list as a map (the first `=` splits). */
export function environmentOf(list: unknown): Record<string, string> {
  const entries = Array.isArray(list) ? list.filter((entry): entry is string => typeof entry === "string" && entry.includes("=")) : [];
  return Object.fromEntries(entries.map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]));
}

function asContainers(inspected: Map<string, Inspected>): Map<string, LiveContainer> {
  return new Map(
    [...inspected].map(([name, answer]): [string, LiveContainer] => {
      if (answer.kind !== "present") return [name, answer];
      const config = answer.object.Config as { Env?: unknown } | undefined;
      return [name, { kind: "present", env: environmentOf(config?.Env) }];
    }),
  );
}
