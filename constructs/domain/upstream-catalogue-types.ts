/*
 * The shape of the generated catalogue data (upstream-catalogue-data.ts). Read it through
 * upstream-catalogue.ts; these tuples are its storage, not the library's API.
 */

/** Evidence that an image was published for a revision, as the catalogue records it. */
export type EvidenceText = `changelog:${number}` | `tag:${string}` | `precompiled:${string}` | "head";

/** One revision on the release branch: its commit date (UTC), its position in the branch's linear history, its evidence. */
type CatalogueRevision = readonly [revision: string, date: string, position: number, evidence: readonly EvidenceText[]];

/** A fact from this revision on: its value (null: absent from here on) and where it shows at that revision. */
type FactRow = readonly [revision: string, value: string | null, source: string];

export interface CatalogueData {
  /** The GitHub repository the catalogue describes. */
  readonly repository: string;
  /** The release branch's ref in the checkout the catalogue was generated from. */
  readonly releaseRef: string;
  /** The head of the release branch in that checkout: the newest release this project knows. */
  readonly releaseHead: string;
  /** The oldest release self-hosted/CHANGELOG.md names: the first published image. */
  readonly firstPublished: string;
  /** Oldest first. */
  readonly revisions: readonly CatalogueRevision[];
  /** Revisions the checkout holds that are not on the release branch, with the refs that name them. */
  readonly offRelease: readonly (readonly [revision: string, refs: readonly string[]])[];
  /** Each fact's changes, oldest first, by key (`backend:<VAR>`, `journal-mode`, ...). */
  readonly facts: Readonly<Record<string, readonly FactRow[]>>;
}
