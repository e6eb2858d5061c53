import { LABEL_PREFIX } from "../constructs/domain";
import { DrillRefused, type Engine } from "./engine";

/** A locally built image, tagged with the reference the stack pins. */
export interface LocalImage {
  readonly id: string;
  /** What it stands in for, when it is not the real image (its `convex-stack.stand-in` label). */
  readonly standIn?: string;
}

/** The label a stand-in image carries: one line saying what it is and what it stands in for. */
export const STAND_IN_LABEL = `${LABEL_PREFIX}stand-in`;

/** The local image of every reference (nothing is pulled: no registry is reachable). */
export async function localImages(engine: Engine, references: readonly string[]): Promise<Map<string, LocalImage>> {
  const images = new Map<string, LocalImage>();
  for (const reference of references) {
    const found = await engine.observeImage(reference);
    if (!found)
      throw new DrillRefused(`there is no image ${reference} on the local engine, and the drill pulls nothing`);
    images.set(reference, { id: found.image.Id, standIn: found.image.Config?.Labels?.[STAND_IN_LABEL] });
  }
  return images;
}
