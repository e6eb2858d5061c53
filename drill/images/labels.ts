/**
 * What the drill's images say about themselves. The prefix is not the stack's `convex-stack.`: a container
 * inherits its image's labels, and nothing the stack's guards read may come from a drill image.
 */
export const STAND_IN_PREFIX = "convex-stack-drill";
/** The hash of the recipe an image was built from: an image whose label matches is not built again. */
export const RECIPE_HASH_LABEL = `${STAND_IN_PREFIX}.recipe-hash`;
/** "true" on an image that only stands in for the one it is tagged as (the real one cannot be had here). */
export const STAND_IN_LABEL = `${STAND_IN_PREFIX}.stand-in`;
/** What the image is, in one sentence: which real tool stands in for which, or what the stand-in does. */
export const DESCRIPTION_LABEL = `${STAND_IN_PREFIX}.description`;
