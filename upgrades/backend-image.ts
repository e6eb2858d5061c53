import { BACKEND_IMAGE } from "../constructs/domain";

/**
 * The label upstream's backend image carries with the git revision it was built from
 * (self-hosted/docker-build/Dockerfile.backend:96 at a9a760ca, since 2025-02-08): a container started from the
 * image by its ID, or from `latest`, still says which revision it runs.
 */
export const IMAGE_REVISION_LABEL = "org.opencontainers.image.revision";

/** The tag of a `<BACKEND_IMAGE>:<tag>` reference; undefined for anything else (an image ID, another image). */
export function backendTagOf(imageReference: string): string | undefined {
  const prefix = `${BACKEND_IMAGE}:`;
  return imageReference.startsWith(prefix) && imageReference.length > prefix.length
    ? imageReference.slice(prefix.length)
    : undefined;
}
