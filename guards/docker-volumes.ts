import { DOCKER_TIMEOUT_MS, DockerObjectKind, type InspectedObject, inspectObjects, inspectObjectsAsync, stringLabels } from "./docker-inspect";

export { DOCKER_TIMEOUT_MS } from "./docker-inspect";

export type LiveVolume =
  | { readonly kind: "present"; readonly labels: Readonly<Record<string, string>> }
  | { readonly kind: "absent" }
  /** The engine did not answer (or the CLI is missing): nothing is known about the volume. */
  | { readonly kind: "unknown"; readonly reason: string };

/** Asks one Docker engine about several volumes (one `docker volume inspect`), blocking until it answers (or the timeout). */
export function inspectVolumes(dockerHost: string, names: readonly string[], timeoutMs = DOCKER_TIMEOUT_MS): Map<string, LiveVolume> {
  return asVolumes(inspectObjects(DockerObjectKind.VOLUME, dockerHost, names, timeoutMs));
}

/** inspectVolumes without blocking the event loop. */
export async function inspectVolumesAsync(dockerHost: string, names: readonly string[], timeoutMs = DOCKER_TIMEOUT_MS): Promise<Map<string, LiveVolume>> {
  return asVolumes(await inspectObjectsAsync(DockerObjectKind.VOLUME, dockerHost, names, timeoutMs));
}

function asVolumes(objects: Map<string, InspectedObject>): Map<string, LiveVolume> {
  return new Map(
    [...objects].map(([name, object]) => [name, object.kind === "present" ? { kind: "present", labels: stringLabels(object.details.Labels) } : object]),
  );
}
