import { KNOBS } from "./knobs";
import { catalogueEntries, catalogueEntry, factAt, factChanges } from "./upstream-catalogue";
import { LATEST_TAG, revisionUrl } from "./upstream-revisions";

/*
 * What each upstream revision reads from its environment, derived from the catalogue of upstream revisions
 * (constructs/domain/upstream-catalogue.ts), which reads it in upstream's source at every revision where it
 * changes: every row here is a revision at which something changed (a variable read for the first time or
 * no more, what the image's entrypoint needs before it uses S3), with the file and line that show it at that
 * revision. Only the variables this project emits for some revisions and not others are tracked (the typed
 * knobs and the range-prefetch switch); what an image reads is every row up to it, in the order of
 * upstream's release branch.
 */

/** The static-key pair an entrypoint may demand before it uses S3. */
export const S3_KEY_VARIABLES = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] as const;

/** What changed at one revision. */
export interface ContractChange {
  /** Variables read from this revision on. @default none */
  readonly reads?: readonly string[];
  /** Variables no longer read from this revision on. @default none */
  readonly stopsReading?: readonly string[];
  /**
   * From this revision on, the entrypoint starts with S3 storage only when all of these are non-empty;
   * otherwise it prints "Falling back to local storage" and starts with local storage.
   * @default the previous revision's requirement
   */
  readonly s3Requires?: readonly string[];
  /** Where it shows, at this revision. */
  readonly source: string;
}

/** Read by every revision, though no file of upstream names it: Rust's standard library reads it on a panic. */
const READ_BY_RUST = new Map([["RUST_BACKTRACE", "Rust's std::panic::get_backtrace_style"]]);

/** The variables the table tracks: the typed knobs and the range-prefetch switch. */
const CONTRACT_VARIABLES: readonly string[] = [...KNOBS.map((knob) => knob.variable), "AWS_S3_DISABLE_RANGE_PREFETCH"];
const S3_REQUIRES = "entrypoint:s3-requires";

function changeRows(): Record<string, ContractChange> {
  const rows: Record<string, { reads: string[]; stopsReading: string[]; s3Requires?: string[]; sources: string[] }> =
    {};
  const row = (revision: string) => (rows[revision] ??= { reads: [], stopsReading: [], sources: [] });
  // The first commit of upstream's history: everything read before it is read from it on.
  const first = row(catalogueEntries()[0].revision);
  for (const [variable, source] of READ_BY_RUST) {
    first.reads.push(variable);
    first.sources.push(source);
  }
  for (const variable of CONTRACT_VARIABLES) {
    let read = false;
    for (const change of factChanges(`backend:${variable}`)) {
      if ((change.value !== null) === read) continue;
      read = change.value !== null;
      const at = row(change.revision);
      (read ? at.reads : at.stopsReading).push(variable);
      at.sources.push(change.source);
    }
  }
  for (const change of factChanges(S3_REQUIRES)) {
    const at = row(change.revision);
    at.s3Requires = change.value === null ? [] : change.value.split(" ");
    at.sources.push(change.source);
  }
  return Object.fromEntries(
    Object.entries(rows).map(([revision, change]) => [
      revision,
      {
        ...(change.reads.length > 0 ? { reads: change.reads } : {}),
        ...(change.stopsReading.length > 0 ? { stopsReading: change.stopsReading } : {}),
        ...(change.s3Requires ? { s3Requires: change.s3Requires } : {}),
        source: [...new Set(change.sources)].join(", "),
      },
    ]),
  );
}

/** The table: what changed at each revision, derived from the catalogue. */
export const CONTRACT_CHANGES: Readonly<Record<string, ContractChange>> = changeRows();

/** A revision as messages name it: short hash and date. */
export interface DatedRevision {
  /** The full upstream revision. */
  readonly revision: string;
  /** Its commit date, YYYY-MM-DD (UTC). */
  readonly date: string;
}

/** What an image reads, as far as the table tells. */
export type RevisionContract =
  | {
      readonly kind: "known";
      readonly revision: string;
      readonly date: string;
      /** Its position on upstream's release branch (constructs/domain/upstream-catalogue.ts). */
      readonly position: number;
      /** Every tracked variable it reads. */
      readonly reads: ReadonlySet<string>;
      /** What its entrypoint needs for S3; undefined when it has no S3 mode at all. */
      readonly s3Requires?: readonly string[];
    }
  /** `latest` or a tag the catalogue does not hold: what it reads is not known, and never assumed. */
  | { readonly kind: "unknown"; readonly version: string };

/** The table's rows, oldest first. */
export function contractRows(): readonly (DatedRevision & ContractChange & { readonly position: number })[] {
  return Object.entries(CONTRACT_CHANGES)
    .map(([revision, change]) => {
      const entry = catalogueEntry(revision)!;
      return { revision, date: entry.date, position: entry.position, ...change };
    })
    .sort((a, b) => a.position - b.position);
}

/** What the image of `version` reads: every row up to it on upstream's release branch. */
export function contractAt(version: string): RevisionContract {
  const entry = version === LATEST_TAG ? undefined : catalogueEntry(version);
  if (!entry) return { kind: "unknown", version };
  const reads = new Set(READ_BY_RUST.keys());
  for (const variable of CONTRACT_VARIABLES) if (factAt(`backend:${variable}`, version)?.value) reads.add(variable);
  const s3Requires = factAt(S3_REQUIRES, version)?.value?.split(" ");
  return { kind: "known", revision: version, date: entry.date, position: entry.position, reads, s3Requires };
}

/** A stretch of revisions that read a variable: from one row, until before another (or to this day). */
export interface ReadingSpan {
  readonly from: DatedRevision;
  /** The first revision that no longer reads it. @default none: read to this day */
  readonly until?: DatedRevision;
}

/** The revisions that read a variable, as spans of the table. */
export function revisionsReading(variable: string): ReadingSpan[] {
  const spans: { from: DatedRevision; until?: DatedRevision }[] = [];
  for (const row of contractRows()) {
    const at = { revision: row.revision, date: row.date };
    if (row.reads?.includes(variable)) spans.push({ from: at });
    const open = spans[spans.length - 1];
    if (row.stopsReading?.includes(variable) && open && !open.until) open.until = at;
  }
  return spans;
}

/**
 * The revisions that read a variable, in words: "revisions from 2c2e0f66 (2026-07-18) on", "revisions from
 * 0780bbe6 (2024-03-08) until before a461fb80 (2026-07-02)" (only the variables the table tracks).
 */
export function describeRevisionsReading(variable: string): string {
  return describeSpans(revisionsReading(variable));
}

/** "a9a760ca (2026-03-24)". */
export function describeRevision(revision: DatedRevision): string {
  return `${revision.revision.slice(0, 8)} (${revision.date})`;
}

/** "revisions from 2c2e0f66 (2026-07-18) on", "revisions from 0780bbe6 (2024-03-08) until before a461fb80 (2026-07-02)". */
export function describeSpans(spans: readonly ReadingSpan[]): string {
  if (spans.length === 0) return "no revision this project knows";
  return (
    "revisions " +
    spans
      .map(
        (span) =>
          `from ${describeRevision(span.from)}${span.until ? ` until before ${describeRevision(span.until)}` : " on"}`,
      )
      .join(", and ")
  );
}

/** For a version the catalogue does not hold: what to do (what it reads is read in upstream's source, by the catalogue). */
export function howToDate(version: string): string {
  return version === LATEST_TAG
    ? "`latest` is whatever upstream published last, so what it reads cannot be known here; pin a full revision"
    : `pin a revision the catalogue holds (docs/upstream-catalogue.md lists them); if upstream released ${revisionUrl(version)} after the catalogue was made, regenerate the catalogue (npm run catalogue -- <mirror>)`;
}
