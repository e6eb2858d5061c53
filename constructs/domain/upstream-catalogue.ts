import { BACKEND_IMAGE, DASHBOARD_IMAGE } from "./images";
import { UPSTREAM_CATALOGUE } from "./upstream-catalogue-data";
import type { EvidenceText } from "./upstream-catalogue-types";

export type { EvidenceText } from "./upstream-catalogue-types";

/*
 * The catalogue of upstream revisions (get-convex/convex-backend): one table keyed by revision, generated
 * from a local checkout of upstream by `npm run catalogue -- <checkout>` (scripts/upstream-catalogue.ts) into
 * upstream-catalogue-data.ts. It holds every release from the first published image to the newest head of
 * the release branch in the checkout, with its commit date and the evidence that an image was published
 * for it; every revision at which something this project depends on changed (a variable read or no longer
 * read, a knob's default, what the entrypoint needs for S3, upstream compose's settings, the database
 * version, the SQLite journal mode, the variables the dashboard reads), each with its file and line at that
 * revision; and the revisions the checkout names that are not on the release branch at all.
 */

/** A revision the catalogue holds on the release branch. */
export interface CatalogueEntry {
  /** The full 40-character revision: the tag of its images. */
  readonly revision: string;
  /** Commit date, YYYY-MM-DD, UTC. */
  readonly date: string;
  /** 1 for the first commit of the branch; later commits are higher (the branch's history is linear). */
  readonly position: number;
  /** Evidence that an image was published for it; empty: publication unknown. */
  readonly evidence: readonly EvidenceText[];
}

const entries = new Map<string, CatalogueEntry>(
  UPSTREAM_CATALOGUE.revisions.map(([revision, date, position, evidence]) => [
    revision,
    { revision, date, position, evidence },
  ]),
);
const offRelease = new Map(UPSTREAM_CATALOGUE.offRelease.map(([revision, refs]) => [revision, refs]));

/** The catalogue's entry for a revision on the release branch, or undefined. */
export function catalogueEntry(revision: string): CatalogueEntry | undefined {
  return entries.get(revision);
}

/** Every entry, oldest first. */
export function catalogueEntries(): readonly CatalogueEntry[] {
  return [...entries.values()];
}

/** The refs that name a revision the catalogue knows is not on the release branch at all; undefined otherwise. */
export function offReleaseRefs(revision: string): readonly string[] | undefined {
  return offRelease.get(revision);
}

/** The newest release this project knows: the head of the release branch when the catalogue was made. */
export function newestRelease(): CatalogueEntry {
  return entries.get(UPSTREAM_CATALOGUE.releaseHead)!;
}

/** The first image upstream published (the oldest release its CHANGELOG names). */
export function firstPublishedRelease(): CatalogueEntry {
  return entries.get(UPSTREAM_CATALOGUE.firstPublished)!;
}

/** Where the evidence is, in words a user can follow. */
export function describeEvidence(evidence: EvidenceText): string {
  if (evidence === "head") return `the head of upstream's release branch when this project's catalogue was made`;
  const [kind, rest] = [evidence.slice(0, evidence.indexOf(":")), evidence.slice(evidence.indexOf(":") + 1)];
  if (kind === "changelog")
    return `named in self-hosted/CHANGELOG.md:${rest} (at ${short(UPSTREAM_CATALOGUE.releaseHead)})`;
  if (kind === "tag") return `release tag ${rest}`;
  return `${rest}, the precompiled build upstream publishes for each push to its release branch`;
}

function short(revision: string): string {
  return revision.slice(0, 8);
}

/** A fact at a revision: its value (null: absent), where it shows, and the revision it took that value at. */
export interface FactAt {
  /** The value (a knob's default, `read`, a database version, ...); null: absent (a variable not read). */
  readonly value: string | null;
  /** `path:line` in upstream at `since` (just the path when the fact went away there). */
  readonly source: string;
  /** The revision at which the fact took this value. */
  readonly since: string;
}

/** One change of a fact. */
export interface FactChange {
  /** The revision that made the change. */
  readonly revision: string;
  /** The value from this revision on; null: absent from here on. */
  readonly value: string | null;
  /** `path:line` in upstream at this revision. */
  readonly source: string;
}

/**
 * A fact at a revision the catalogue holds on the release branch: the last change at or before it.
 * Undefined for a revision the catalogue does not hold (what it reads is not known, never assumed); a fact
 * that never appeared before it is `{ value: null }` since the first revision.
 */
export function factAt(key: string, revision: string): FactAt | undefined {
  const entry = entries.get(revision);
  if (!entry) return undefined;
  let found: FactAt = { value: null, source: "", since: UPSTREAM_CATALOGUE.revisions[0][0] };
  for (const [changed, value, source] of UPSTREAM_CATALOGUE.facts[key] ?? []) {
    if (entries.get(changed)!.position > entry.position) break;
    found = { value, source, since: changed };
  }
  return found;
}

/** Every change of a fact, oldest first. */
export function factChanges(key: string): readonly FactChange[] {
  return (UPSTREAM_CATALOGUE.facts[key] ?? []).map(([revision, value, source]) => ({ revision, value, source }));
}

/** The keys of every fact the catalogue tracks. */
export function factKeys(): readonly string[] {
  return Object.keys(UPSTREAM_CATALOGUE.facts);
}

/** SQLite's journal modes (https://www.sqlite.org/pragma.html#pragma_journal_mode). */
export type SqliteJournalMode = "delete" | "truncate" | "persist" | "memory" | "wal" | "off";

/** A revision's SQLite journal mode, or why it is not known. */
export type JournalModeAt =
  | {
      readonly kind: "known";
      readonly mode: SqliteJournalMode;
      /** Where the connection is opened (and a pragma would be), at the revision the mode took effect. */
      readonly source: string;
      readonly since: string;
    }
  | { readonly kind: "unknown"; readonly why: string };

/**
 * The journal mode of the backend's SQLite database (/convex/data/db.sqlite3) at a revision: what a copy of
 * the database must take with it (a WAL database keeps recent writes in db.sqlite3-wal). Read where
 * crates/sqlite opens its one connection: a `journal_mode` pragma sets the mode, and without one SQLite keeps
 * its default rollback journal, `delete`.
 */
export function sqliteJournalModeAt(revision: string): JournalModeAt {
  const fact = factAt("journal-mode", revision);
  if (fact?.value)
    return { kind: "known", mode: fact.value as SqliteJournalMode, source: fact.source, since: fact.since };
  return {
    kind: "unknown",
    why: fact
      ? `${short(revision)} has no SQLite persistence in crates/sqlite`
      : `${short(revision)} is not in this project's catalogue of upstream revisions (constructs/domain/upstream-catalogue-data.ts)`,
  };
}

/** Every journal mode any catalogued revision uses. */
export function sqliteJournalModesUsed(): readonly SqliteJournalMode[] {
  return [...new Set(factChanges("journal-mode").flatMap(({ value }) => (value ? [value as SqliteJournalMode] : [])))];
}

/**
 * Whether an image was published for a revision, as far as the catalogue can tell. Upstream builds images
 * for pushes to its release branch (.github/workflows/release_self_hosted_images.yml:3-7 at 652b828b, since
 * e1cff0b1 of 2025-09-09; before, by hand: release_local_backend.yml:3-10 at 4499dd4f, then
 * release_self_hosted_images.yml from a2524f62 of 2025-02-21, which from f841136b of 2025-02-26 also ran on
 * pushes to main that changed crates/model/src/migrations.rs) and tags them with the pushed revision
 * (release_self_hosted_images.yml:45-57), which the branch, fast-forwarded from main, does not record: only
 * the evidence the catalogue holds tells.
 */
export type Publication =
  /**
   * Evidence exists: named in the CHANGELOG, a release tag, a precompiled build of a push to release, the head.
   * `images`: the references upstream pushed for it, `<registry>/<repository>:<revision>`, backend then dashboard.
   */
  | { readonly kind: "published"; readonly entry: CatalogueEntry; readonly images: readonly string[] }
  /** On the release branch, but no evidence says an image was published for it. */
  | { readonly kind: "no-evidence"; readonly entry: CatalogueEntry; readonly beforeFirstImage: boolean }
  /** The catalogue knows it is not on the release branch at all. */
  | { readonly kind: "not-on-release"; readonly refs: readonly string[] }
  /** The catalogue does not hold it. */
  | { readonly kind: "unknown" };

/** Whether an image was published for a revision, from the evidence the catalogue holds. */
export function publicationOf(revision: string): Publication {
  const entry = entries.get(revision);
  if (entry)
    return entry.evidence.length > 0
      ? { kind: "published", entry, images: publishedImages(revision) }
      : { kind: "no-evidence", entry, beforeFirstImage: entry.position < firstPublishedRelease().position };
  const refs = offRelease.get(revision);
  return refs ? { kind: "not-on-release", refs } : { kind: "unknown" };
}

/**
 * The image references upstream pushes for a released revision: one registry (ghcr.io) and the full revision as
 * the tag, for both images, since the first published image (release_local_backend.yml:100-103 and
 * release_local_dashboard.yml:94-97 at 4499dd4f; release_self_hosted_images.yml:45-57 at 652b828b).
 */
function publishedImages(revision: string): readonly string[] {
  return [`${BACKEND_IMAGE}:${revision}`, `${DASHBOARD_IMAGE}:${revision}`];
}

/** "652b828b5129e6cdbcaa3c20efa8d116d09ff3bf (2026-08-21)": the newest release, as messages name it. */
export function describeNewestRelease(): string {
  const newest = newestRelease();
  return `${newest.revision} (${newest.date}, the head of upstream's release branch when this project's catalogue was made)`;
}

/** Every revision the catalogue knows is not on the release branch, with the refs that name it. */
export function offReleaseRevisions(): readonly { readonly revision: string; readonly refs: readonly string[] }[] {
  return UPSTREAM_CATALOGUE.offRelease.map(([revision, refs]) => ({ revision, refs }));
}
