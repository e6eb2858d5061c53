import { S3_BUCKET_VARIABLES } from "./buckets";
import { KNOWN_REVISIONS, LATEST_TAG, revisionUrl } from "./upstream-revisions";

/*
 * What each upstream revision reads from its environment, as one table keyed by revision: every row is a
 * revision at which something changed (a knob read for the first time or no more, what the image's
 * entrypoint needs before it uses S3), with the file and line that show it at that revision. What a given
 * image reads is every row up to its date. Only the variables this project sets or offers are tracked.
 *
 * Rows are compared by commit date (KNOWN_REVISIONS, UTC): upstream's history is linear, so an image dated
 * on or after a row holds that row's change. A test keeps every row dated and no row sharing a date with
 * another known revision.
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

const RUN_BACKEND = "self-hosted/docker-build/run_backend.sh";
const KNOBS_RS = "crates/common/src/knobs.rs";

export const CONTRACT_CHANGES: Readonly<Record<string, ContractChange>> = {
  // The first public revision: what it reads was read before the public history began.
  "0780bbe665aefde21f694f7ea7c0d8b99e80574c": {
    reads: [
      "ACTIONS_USER_TIMEOUT_SECS",
      "APPLICATION_MAX_CONCURRENT_QUERIES",
      "APPLICATION_MAX_CONCURRENT_MUTATIONS",
      "DOCUMENT_RETENTION_DELAY",
      "INDEX_RETENTION_DELAY",
      "MYSQL_MAX_CONNECTIONS",
      "LOG_FORMAT",
      "NO_COLOR",
      // Rust's standard library, in every revision.
      "RUST_BACKTRACE",
    ],
    source: `${KNOBS_RS}:75, 292, 302, 590, 594, 627 and crates/cmd_util/src/env.rs:70-71`,
  },
  "2687520222602d438fc83e779a0e645f7db0bf9f": {
    reads: ["HTTP_SERVER_TIMEOUT_SECONDS"],
    source: `${KNOBS_RS}:885`,
  },
  b0e9358525eb25ba69cf80d4ef06be636694ca4b: {
    reads: ["APPLICATION_MAX_CONCURRENT_V8_ACTIONS", "APPLICATION_MAX_CONCURRENT_NODE_ACTIONS"],
    source: `${KNOBS_RS}:616, 636`,
  },
  // The entrypoint learns S3, and wants the static keys with it.
  "161e32648a971fb8ef591e61212f7b9fb7ff4f2c": {
    s3Requires: ["AWS_REGION", ...S3_KEY_VARIABLES, ...S3_BUCKET_VARIABLES],
    source: `${RUN_BACKEND}:35-52 (the same at a9a760ca: 34-53)`,
  },
  dd1a8eb384a87dff89b4d0165ba71d3064981986: {
    reads: ["POSTGRES_MAX_CONNECTIONS"],
    source: `${KNOBS_RS}:859-860`,
  },
  d5907925755a44294eb33cb5ffff611ed6ddb6f7: {
    reads: ["DISABLE_METRICS_ENDPOINT"],
    source: `${KNOBS_RS}:1552-1553, crates/common/src/http/mod.rs:1316-1323 (/metrics answers 404 when set)`,
  },
  // https://github.com/get-convex/convex-backend/pull/434: the key check goes; the SDK's default chain (instance role, ...) decides.
  ca1f91cde3a0ea21ec2dfe4879f8999aab24e5b6: {
    s3Requires: ["AWS_REGION", ...S3_BUCKET_VARIABLES],
    source: `${RUN_BACKEND}:34-51`,
  },
  a461fb8068d1a0be4585f007ef98f5279c95e17a: {
    reads: ["V8_ACTION_USER_TIMEOUT_SECS", "NODE_ACTION_USER_TIMEOUT_SECS"],
    stopsReading: ["ACTIONS_USER_TIMEOUT_SECS"],
    source: `${KNOBS_RS}:116-117, 125-126; self-hosted/docker/docker-compose.yml:13-14`,
  },
  "2c2e0f662b0ef02779028c5a8fca2322ae1b4cce": {
    reads: ["AWS_S3_DISABLE_RANGE_PREFETCH"],
    source: "crates/aws_utils/src/lib.rs:46-51, crates/aws_s3/src/storage.rs:461-485",
  },
};

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
      /** Every tracked variable it reads. */
      readonly reads: ReadonlySet<string>;
      /** What its entrypoint needs for S3; undefined when it has no S3 mode at all. */
      readonly s3Requires?: readonly string[];
    }
  /** `latest` or a tag this project cannot date: what it reads is not known, and never assumed. */
  | { readonly kind: "unknown"; readonly version: string };

/** The table's rows, oldest first. */
export function contractRows(): readonly (DatedRevision & ContractChange)[] {
  return Object.entries(CONTRACT_CHANGES)
    .map(([revision, change]) => ({ revision, date: KNOWN_REVISIONS[revision], ...change }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** What the image of `version` reads: every row on or before its date. */
export function contractAt(version: string): RevisionContract {
  const date =
    version !== LATEST_TAG && Object.prototype.hasOwnProperty.call(KNOWN_REVISIONS, version)
      ? KNOWN_REVISIONS[version]
      : undefined;
  if (!date) return { kind: "unknown", version };
  const reads = new Set<string>();
  let s3Requires: readonly string[] | undefined;
  for (const row of contractRows()) {
    if (row.date > date) break;
    for (const variable of row.reads ?? []) reads.add(variable);
    for (const variable of row.stopsReading ?? []) reads.delete(variable);
    if (row.s3Requires) s3Requires = row.s3Requires;
  }
  return { kind: "known", revision: version, date, reads, s3Requires };
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

/** For an undated version: how to make it known (the date comes from the commit page). */
export function howToDate(version: string): string {
  return version === LATEST_TAG
    ? "`latest` is whatever upstream published last, so what it reads cannot be known here; pin a full revision"
    : `check its date at ${revisionUrl(version)} and add it to KNOWN_REVISIONS (constructs/domain/upstream-revisions.ts), or pin a dated revision`;
}
