export { type BuiltImage, ensureImages, recipeFor } from "./ensure-images";
export { STAND_IN_LABEL } from "./labels";
