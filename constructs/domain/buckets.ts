/** What each of the backend's five buckets holds (S3_STORAGE_<PURPOSE>_BUCKET). */
export interface Buckets {
  readonly exports: string;
  readonly snapshotImports: string;
  readonly modules: string;
  readonly files: string;
  readonly search: string;
}

export type BucketPurpose = keyof Buckets;

export const BUCKET_PURPOSES: readonly BucketPurpose[] = ["exports", "snapshotImports", "modules", "files", "search"];

/** The five bucket names derived from one prefix: `<prefix>-exports`, `<prefix>-files`, ... */
export function bucketsFromPrefix(prefix: string): Buckets {
  return {
    exports: `${prefix}-exports`,
    snapshotImports: `${prefix}-snapshot-imports`,
    modules: `${prefix}-modules`,
    files: `${prefix}-files`,
    search: `${prefix}-search`,
  };
}

/**
 * Why S3 refuses a bucket name (AWS general purpose bucket naming rules, which RGW applies too), or
 * undefined when it is valid. One definition for rule bucket-names-valid and the storage constructs; a
 * valid name is also inert in the sync sidecar's shell command and in Terraform strings.
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `it has ${name.length} characters; 3 to 63 are allowed`;
  if (!/^[a-z0-9.-]+$/.test(name)) return "only lowercase letters, digits, dots and dashes are allowed";
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return "it must begin and end with a letter or a digit";
  if (name.includes("..")) return "two dots may not follow each other";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return "it may not look like an IP address";
  const prefix = ["xn--", "sthree-", "amzn-s3-demo-"].find((p) => name.startsWith(p));
  if (prefix) return `the prefix "${prefix}" is reserved`;
  const suffix = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"].find((s) => name.endsWith(s));
  if (suffix) return `the suffix "${suffix}" is reserved`;
  return undefined;
}
