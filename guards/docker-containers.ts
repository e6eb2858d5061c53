import { IMAGE_REVISION_LABEL, backendTagOf } from "../constructs/domain";
import { DOCKER_TIMEOUT_MS, DockerObjectKind, type InspectedObject, inspectObjects, stringLabels } from "./docker-inspect";

/** A backend container as its Docker engine describes it. */
export type LiveBackend =
  | {
      readonly kind: "present";
      /**
       * The upstream revision it runs: its image's revision label, else the tag it was created from;
       * undefined when neither says (an image that is not upstream's, created by ID).
       */
      readonly revision?: string;
      /** The image reference it was created with (an image ID when Terraform created it). */
      readonly image: string;
      /** Names of the Docker volumes it mounts. */
      readonly volumes: readonly string[];
    }
  | { readonly kind: "absent" }
  | { readonly kind: "unknown"; readonly reason: string };

/** Asks one Docker engine about several backend containers in one `docker container inspect`. */
export function inspectBackends(dockerHost: string, names: readonly string[], timeoutMs = DOCKER_TIMEOUT_MS): Map<string, LiveBackend> {
  return new Map([...inspectObjects(DockerObjectKind.CONTAINER, dockerHost, names, timeoutMs)].map(([name, object]) => [name, asBackend(object)]));
}

function asBackend(object: InspectedObject): LiveBackend {
  if (object.kind !== "present") return object;
  const config = (object.details.Config ?? {}) as { Image?: unknown; Labels?: unknown };
  const image = typeof config.Image === "string" ? config.Image : "";
  const labelled = stringLabels(config.Labels)[IMAGE_REVISION_LABEL];
  const mounts = Array.isArray(object.details.Mounts) ? (object.details.Mounts as { Type?: unknown; Name?: unknown }[]) : [];
  return {
    kind: "present",
    revision: labelled && /^[0-9a-f]{40}$/.test(labelled) ? labelled : backendTagOf(image),
    image,
    volumes: mounts.filter((m) => m?.Type === "volume" && typeof m.Name === "string").map((m) => m.Name as string),
  };
}
