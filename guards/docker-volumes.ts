import { DOCKER_TIMEOUT_MS, type Inspected, inspectObjects, inspectObjectsAsync } from "./docker-inspect";

export type LiveVolume =
  | { readonly kind: "present"; readonly labels: Readonly<Record<string, string>> }
  | { readonly kind: "absent" }
  /** The engine did not answer (or the CLI is missing): nothing is known about the volume. */
  | { readonly kind: "unknown"; readonly reason: string };

/** Asks one Docker engine about several volumes, blocking until it answers (or the timeout). */
export function inspectVolumes(
  dockerHost: string,
  names: readonly string[],
  timeoutMs = DOCKER_TIMEOUT_MS,
): Map<string, LiveVolume> {
  return asVolumes(inspectObjects("volume", dockerHost, names, timeoutMs));
}

/** inspectVolumes without blocking the event loop. */
export async function inspectVolumesAsync(
  dockerHost: string,
  names: readonly string[],
  timeoutMs = DOCKER_TIMEOUT_MS,
): Promise<Map<string, LiveVolume>> {
  return asVolumes(await inspectObjectsAsync("volume", dockerHost, names, timeoutMs));
}

function asVolumes(inspected: Map<string, Inspected>): Map<string, LiveVolume> {
  return new Map(
    [...inspected].map(([name, answer]): [string, LiveVolume] => {
      if (answer.kind !== "present") return [name, answer];
      const labels = answer.object.Labels;
      return [
        name,
        { kind: "present", labels: labels && typeof labels === "object" ? (labels as Record<string, string>) : {} },
      ];
    }),
  );
}
