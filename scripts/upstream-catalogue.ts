/**
 * `npm run catalogue -- <mirror> [--check]`: regenerates the catalogue of upstream revisions
 * (constructs/domain/upstream-catalogue-data.ts) from a local mirror of get-convex/convex-backend, made with
 * `git clone --mirror https://github.com/get-convex/convex-backend` (a mirror also holds the pull-request
 * refs, so the catalogue knows those commits are not releases) and brought up to date with `git remote update`.
 * Nothing is downloaded: every fact comes from the mirror's git objects.
 *
 * Without `--check` it writes the file and prints what changed since the previous catalogue, for review: new
 * releases, and every fact that changed (a variable read or no longer read, a knob's default, ...). With
 * `--check` it writes nothing and exits 1 when the file is not what the mirror gives.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { catalogueEntries, DEFAULTS, factChanges, KNOWN_REVISIONS } from "../constructs/domain";
import { buildCatalogue, type Catalogue } from "./upstream-catalogue/build";
import { UpstreamCheckout } from "./upstream-catalogue/checkout";
import { CATALOGUE_DATA_FILE, renderCatalogueData } from "./upstream-catalogue/render";

const ROOT = resolve(__dirname, "..");
const USAGE = "usage: npm run catalogue -- <path to a mirror of get-convex/convex-backend> [--check]";

/** The revisions this project names, which the catalogue must hold: its default pin, the revisions its guards record. */
export function projectRevisions(): string[] {
  return [...new Set([...Object.keys(KNOWN_REVISIONS), DEFAULTS.version])];
}

/** What the new catalogue adds to or changes in the one the project holds, for the reviewer. */
export function reviewLines(next: Catalogue): string[] {
  const known = new Set(catalogueEntries().map((entry) => entry.revision));
  const lines: string[] = [];
  const added = next.rows.filter((row) => !known.has(row.revision));
  if (added.length > 0) lines.push(`${added.length} revision(s) new to the catalogue, the newest ${next.history.head}`);
  for (const [key, changes] of next.facts) {
    const before = new Set(factChanges(key).map(({ revision, value }) => `${revision} ${value}`));
    for (const change of changes)
      if (!before.has(`${change.revision} ${change.value}`))
        lines.push(
          `${key}: ${change.value === null ? "gone" : JSON.stringify(change.value)} from ${change.revision.slice(0, 8)} (${change.source})`,
        );
  }
  return lines;
}

async function main(argv: string[]): Promise<void> {
  const check = argv.includes("--check");
  const paths = argv.filter((arg) => arg !== "--check");
  if (paths.length !== 1 || paths[0].startsWith("-")) throw new Error(USAGE);
  const mirror = resolve(paths[0]);
  if (!existsSync(mirror)) throw new Error(`${mirror} does not exist. ${USAGE}`);
  const catalogue = buildCatalogue(new UpstreamCheckout(mirror), projectRevisions());
  const text = await renderCatalogueData(catalogue, ROOT);
  const file = join(ROOT, CATALOGUE_DATA_FILE);
  const current = existsSync(file) ? readFileSync(file, "utf8") : "";
  for (const note of catalogue.notes) process.stderr.write(`note: ${note}\n`);
  const releases = catalogue.rows.filter((row) => row.evidence.length > 0).length;
  const summary = `${catalogue.rows.length} revisions (${releases} with evidence of publication), newest release ${catalogue.history.head} (${catalogue.history.date.get(catalogue.history.head)}), ${catalogue.history.offRelease.size} revisions off the release branch`;
  if (check) {
    if (current === text) {
      process.stdout.write(`${CATALOGUE_DATA_FILE} is current: ${summary}\n`);
      return;
    }
    process.stderr.write(
      `${CATALOGUE_DATA_FILE} is not what ${mirror} gives: run \`npm run catalogue -- ${paths[0]}\`\n`,
    );
    for (const line of reviewLines(catalogue)) process.stderr.write(`  ${line}\n`);
    process.exitCode = 1;
    return;
  }
  if (current !== text) writeFileSync(file, text);
  process.stdout.write(`${current === text ? "unchanged" : "wrote"} ${CATALOGUE_DATA_FILE}: ${summary}\n`);
  const review = reviewLines(catalogue);
  if (review.length > 0) process.stdout.write(`review:\n${review.map((line) => `  ${line}\n`).join("")}`);
}

if (require.main === module)
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
