export { type BuiltImage, type EnsureImagesOptions, ensureImages, recipeFor } from "./ensure-images";
export { type JournalMode, journalModeAt } from "./journal-mode";
export { DESCRIPTION_LABEL, RECIPE_HASH_LABEL, STAND_IN_LABEL } from "./labels";
export { type ImageRecipe, RECIPES, type RecipeInput } from "./recipes";
