import { DrillRefused, type Engine } from "./engine";

/** A locally built image, tagged with the reference the stack pins. */
export interface LocalImage {
  readonly id: string;
  /** What it stands in for, when it is not the real image. */
  readonly standIn?: string;
}

/** The local image of every reference (nothing is pulled: no registry is reachable). */
export async function localImages(engine: Engine, references: readonly string[]): Promise<Map<string, LocalImage>> {
  const images = new Map<string, LocalImage>();
  for (const reference of references) {
    const found = await engine.observeImage(reference);
    if (!found)
      throw new DrillRefused(`there is no image ${reference} on the local engine, and the drill pulls nothing`);
    const labels = found.image.Config?.Labels ?? {};
    images.set(reference, {
      id: found.image.Id,
      standIn: labels["convex-stack-drill.stand-in"] === "true" ? labels["convex-stack-drill.description"] : undefined,
    });
  }
  return images;
}
