import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { baseReference, ensureBase } from "./debian-base";
import { DockerCli } from "./docker-cli";
import type { JournalMode } from "./journal-mode";
import { DESCRIPTION_LABEL, RECIPE_HASH_LABEL, STAND_IN_LABEL } from "./labels";
import { type ImageRecipe, RECIPES, type RecipeInput } from "./recipes";
import { withBuildLock } from "./build-lock";

const CONTEXT = join(__dirname, "context");

export interface EnsureImagesOptions {
  /** The engine, as `docker --host` takes it. @default the docker CLI's default */
  readonly host?: string;
  /** The backend stand-in's journal mode. @default the mode upstream's backend uses at the image's tag */
  readonly journalMode?: JournalMode;
  /** Receives a line for each image built (not for one found). @default nothing said */
  readonly say?: (line: string) => void;
}

/** What serves for one pinned reference. */
export interface BuiltImage {
  /** The image ID (`sha256:...`): what `docker_image.X.image_id` evaluates to. */
  readonly id: string;
  /** The repository of the recipe that made it. */
  readonly recipe: string;
  /** One line when the image only imitates the real one: say it on every line about its container. */
  readonly standIn?: string;
  /** One line: what serves in place of the pinned image (for a stand-in, the same as standIn). */
  readonly description: string;
  /** True when this call built it; false when the engine had it from the same recipe already. */
  readonly built: boolean;
}

/**
 * Makes every reference exist on the engine, tagged exactly as given (`<repository>:<tag>`, as cdk.tf.json
 * pins it), each from the recipe for its repository on top of one Debian base; an image whose recipe hash
 * label matches is used as it is. Refuses a reference no recipe serves, naming the ones there are.
 */
export async function ensureImages(
  references: readonly string[],
  options: EnsureImagesOptions = {},
): Promise<Map<string, BuiltImage>> {
  const plans = [...new Set(references)].map((reference) => {
    const { recipe, tag } = recipeFor(reference);
    const input: RecipeInput = { tag, journalMode: options.journalMode };
    // The base's tag is its recipe's hash: every image's recipe hash is known before anything is built.
    return { reference, recipe, input, hash: recipeHash(recipe, baseReference(), input) };
  });
  const docker = new DockerCli(options.host);
  const say = options.say ?? (() => undefined);
  const current = async () =>
    Promise.all(
      plans.map(async (plan) => (await docker.imageLabels(plan.reference))?.[RECIPE_HASH_LABEL] === plan.hash),
    );
  let fresh = await current();
  const built = new Set<string>();
  if (fresh.some((ok) => !ok))
    // One build at a time on this machine: another run may be building the same base right now.
    await withBuildLock(async () => {
      fresh = await current();
      if (fresh.every((ok) => ok)) return;
      const base = await ensureBase(docker, say);
      for (const [i, plan] of plans.entries()) {
        if (fresh[i]) continue;
        say(`building ${plan.reference}: ${plan.recipe.describe(plan.input)}`);
        await build(docker, plan, base);
        built.add(plan.reference);
      }
    });
  const images = new Map<string, BuiltImage>();
  for (const { reference, recipe, input } of plans) {
    const description = recipe.describe(input);
    images.set(reference, {
      id: await docker.run(["image", "inspect", "--format", "{{.Id}}", reference]),
      recipe: recipe.repository,
      description,
      built: built.has(reference),
      ...(recipe.standIn ? { standIn: description } : {}),
    });
  }
  return images;
}

/** The recipe for a reference and its tag; a clear refusal for anything else. */
export function recipeFor(reference: string): { recipe: ImageRecipe; tag: string } {
  const colon = reference.lastIndexOf(":");
  const repository = colon > reference.lastIndexOf("/") ? reference.slice(0, colon) : reference;
  const tag = colon > reference.lastIndexOf("/") ? reference.slice(colon + 1) : "";
  const recipe = RECIPES.get(repository);
  if (!recipe || !tag)
    throw new Error(
      `no image recipe for "${reference}": the drill builds ${[...RECIPES.keys()].map((r) => `${r}:<tag>`).join(", ")} (add a recipe in drill/images/recipes.ts for another image)`,
    );
  return { recipe, tag };
}

/** The hash of everything a build reads: the Dockerfile (naming the base by its recipe hash), the context's files. */
function recipeHash(recipe: ImageRecipe, base: string, input: RecipeInput): string {
  const hash = createHash("sha256").update(recipe.dockerfile(base, input));
  for (const file of contextFiles(recipe)) hash.update(`\0${file}\0`).update(readFileSync(join(CONTEXT, file)));
  for (const [name, content] of Object.entries(recipe.generated?.(input) ?? {}))
    hash.update(`\0${name}\0`).update(content);
  return hash.digest("hex");
}

function contextFiles(recipe: ImageRecipe): string[] {
  const walk = (relative: string): string[] =>
    statSync(join(CONTEXT, relative)).isDirectory()
      ? readdirSync(join(CONTEXT, relative))
          .sort()
          .flatMap((entry) => walk(join(relative, entry)))
      : [relative];
  return recipe.context.flatMap(walk);
}

async function build(
  docker: DockerCli,
  plan: { reference: string; recipe: ImageRecipe; input: RecipeInput; hash: string },
  base: string,
): Promise<void> {
  const { reference, recipe, input } = plan;
  const labels = {
    [RECIPE_HASH_LABEL]: plan.hash,
    [STAND_IN_LABEL]: String(recipe.standIn),
    [DESCRIPTION_LABEL]: recipe.describe(input),
  };
  const folder = mkdtempSync(join(tmpdir(), "convex-stack-image-"));
  try {
    for (const part of recipe.context) cpSync(join(CONTEXT, part), join(folder, part), { recursive: true });
    for (const [name, content] of Object.entries(recipe.generated?.(input) ?? {}))
      writeFileSync(join(folder, name), content);
    writeFileSync(join(folder, "Dockerfile"), `${recipe.dockerfile(base, input)}\n`);
    await docker.run([
      "build",
      "--quiet",
      "--force-rm",
      ...Object.entries(labels).flatMap(([key, value]) => ["--label", `${key}=${value}`]),
      "--tag",
      reference,
      folder,
    ]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
