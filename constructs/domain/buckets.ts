import { InvalidPropsError } from "./errors";
import type { PatternCheck, ValueFormat } from "./patterns";

/** What each of the backend's five buckets holds (S3_STORAGE_<PURPOSE>_BUCKET). */
export interface Buckets {
  /** Snapshot exports (S3_STORAGE_EXPORTS_BUCKET). */
  readonly exports: string;
  /** Uploaded snapshots being imported (S3_STORAGE_SNAPSHOT_IMPORTS_BUCKET). */
  readonly snapshotImports: string;
  /** Deployed function code (S3_STORAGE_MODULES_BUCKET). */
  readonly modules: string;
  /** The files the app stores (S3_STORAGE_FILES_BUCKET). */
  readonly files: string;
  /** Search indexes (S3_STORAGE_SEARCH_BUCKET). */
  readonly search: string;
}

/** One of the five buckets, by what it holds. */
export type BucketPurpose = keyof Buckets;

/** The five purposes, in the order upstream's entrypoint lists their variables. */
export const BUCKET_PURPOSES: readonly BucketPurpose[] = ["exports", "snapshotImports", "modules", "files", "search"];

/** The variable upstream reads each bucket from (self-hosted/docker-build/run_backend.sh). */
export const BUCKET_VARIABLES: Readonly<Record<BucketPurpose, string>> = {
  exports: "S3_STORAGE_EXPORTS_BUCKET",
  snapshotImports: "S3_STORAGE_SNAPSHOT_IMPORTS_BUCKET",
  modules: "S3_STORAGE_MODULES_BUCKET",
  files: "S3_STORAGE_FILES_BUCKET",
  search: "S3_STORAGE_SEARCH_BUCKET",
};

/** The five bucket variables, in BUCKET_PURPOSES' order. */
export const S3_BUCKET_VARIABLES: readonly string[] = BUCKET_PURPOSES.map((purpose) => BUCKET_VARIABLES[purpose]);

/**
 * The five bucket names derived from one prefix: `<prefix>-exports`, `<prefix>-snapshot-imports`,
 * `<prefix>-modules`, `<prefix>-files`, `<prefix>-search`.
 */
export function bucketsFromPrefix(prefix: string): Buckets {
  return {
    exports: `${prefix}-exports`,
    snapshotImports: `${prefix}-snapshot-imports`,
    modules: `${prefix}-modules`,
    files: `${prefix}-files`,
    search: `${prefix}-search`,
  };
}

/** The backend's five buckets, by name or by one prefix they are derived from: give exactly one of the two. */
export interface BucketChoice {
  /** The five buckets by name (S3_STORAGE_*_BUCKET). @default derived from `bucketPrefix` */
  readonly buckets?: Buckets;
  /** The five buckets by one prefix: `<prefix>-exports`, `<prefix>-files`, ... (bucketsFromPrefix). @default none: give `buckets` */
  readonly bucketPrefix?: string;
}

/**
 * The five buckets a choice names: `buckets` as given, or derived from `bucketPrefix`. Refuses both and
 * neither: without all five buckets the backend silently falls back to local storage.
 */
export function bucketsOf(choice: BucketChoice): Buckets {
  if (choice.buckets !== undefined && choice.bucketPrefix !== undefined)
    throw new InvalidPropsError(
      "bucketPrefix is set next to buckets: keep one of the two (bucketPrefix derives <prefix>-exports, <prefix>-files, ...)",
    );
  if (choice.buckets !== undefined) return choice.buckets;
  if (choice.bucketPrefix !== undefined) return bucketsFromPrefix(choice.bucketPrefix);
  throw new InvalidPropsError(
    `buckets are required: give buckets {${BUCKET_PURPOSES.join(", ")}} or one bucketPrefix; without all five buckets the backend silently falls back to local storage`,
  );
}

const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/** Reserved affixes contain only letters, digits, '-' and '.', so escaping the dot is all a pattern needs. */
const literal = (text: string) => text.replace(/\./g, "\\.");

/**
 * AWS general purpose bucket naming rules, which RGW applies too. One definition for rule
 * bucket-names-valid, the storage constructs, and the plan-time check of a bucket name given as a token; a
 * valid name is also inert in the sync sidecar's shell command and in Terraform strings.
 */
export const BUCKET_NAME_FORMAT: ValueFormat = {
  allowed: "an S3 bucket name",
  checks: [
    { pattern: /^[\s\S]{3,63}$/, matches: true, problem: "3 to 63 characters are allowed" },
    { pattern: /^[a-z0-9.-]+$/, matches: true, problem: "only lowercase letters, digits, dots and dashes are allowed" },
    { pattern: /^[a-z0-9].*[a-z0-9]$/, matches: true, problem: "it must begin and end with a letter or a digit" },
    { pattern: /\.\./, matches: false, problem: "two dots may not follow each other" },
    { pattern: /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/, matches: false, problem: "it may not look like an IP address" },
    ...RESERVED_PREFIXES.map((prefix): PatternCheck => ({
      pattern: new RegExp(`^${literal(prefix)}`),
      matches: false,
      problem: `the prefix "${prefix}" is reserved`,
    })),
    ...RESERVED_SUFFIXES.map((suffix): PatternCheck => ({
      pattern: new RegExp(`${literal(suffix)}$`),
      matches: false,
      problem: `the suffix "${suffix}" is reserved`,
    })),
  ],
};
