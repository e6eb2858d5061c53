import { BUCKET_PURPOSES, type BucketChoice, bucketsOf } from "./buckets";
import { LABEL_PREFIX } from "./defaults";
import { canonicalEndpoint } from "./identity";

/**
 * What a data volume's database remembers, or depends on without remembering (https://github.com/get-convex/convex-backend/issues/55: the S3
 * endpoint and buckets are not recorded, so a change there silently orphans files). A deployed volume
 * must keep the same fingerprint; the labels, the state check and the plan-time guard all compare it.
 */
export interface VolumeFingerprint {
  /** The deployment's name. */
  readonly workspace: string;
  /** INSTANCE_NAME: the S3 key prefix, and the SQL database's name. */
  readonly instanceName: string;
  /** What the backend writes on first boot: Local { dir } or S3 { s3_prefix }. */
  readonly storageMode: "local" | "s3";
  /** Where files live: "volume", or the endpoint, region and the five buckets. */
  readonly storageLocation: string;
  /** Where the tables live. */
  readonly database: "sqlite" | "postgres" | "mysql";
}

const LABEL_KEYS: Record<keyof VolumeFingerprint, string> = {
  workspace: `${LABEL_PREFIX}workspace`,
  instanceName: `${LABEL_PREFIX}instance-name`,
  storageMode: `${LABEL_PREFIX}storage-mode`,
  storageLocation: `${LABEL_PREFIX}storage-location`,
  database: `${LABEL_PREFIX}database`,
};

/** The fields of a fingerprint, in the order its labels are compared and listed. */
export const FINGERPRINT_FIELDS = Object.keys(LABEL_KEYS) as (keyof VolumeFingerprint)[];

/** What a fingerprint is made of: the deployment's names, and what its storage strategy and database record. */
export interface VolumeFingerprintParts {
  /** The deployment's name (ConvexDataVolume's `workspaceName`). */
  readonly workspaceName: string;
  /** INSTANCE_NAME. */
  readonly instanceName: string;
  /** The storage strategy, or what its `bind` returned: its mode and location. */
  readonly storage: { readonly mode: VolumeFingerprint["storageMode"]; readonly location: string };
  /** The database: its kind. */
  readonly database: { readonly kind: VolumeFingerprint["database"] };
}

/**
 * The fingerprint a deployment gives its data volume: the one place it is assembled, for ConvexDeployment,
 * ConvexBackend and a configuration layer that wants to know it before synthesis.
 */
export function volumeFingerprint(parts: VolumeFingerprintParts): VolumeFingerprint {
  return {
    workspace: parts.workspaceName,
    instanceName: parts.instanceName,
    storageMode: parts.storage.mode,
    storageLocation: parts.storage.location,
    database: parts.database.kind,
  };
}

/** Where an S3 store keeps the backend's files: its endpoint (none for AWS itself), its region and the five buckets. */
export interface S3StoreLocation extends BucketChoice {
  /** S3_ENDPOINT_URL of an S3-compatible gateway. @default none: AWS S3 */
  readonly endpoint?: string;
  /** AWS_REGION. */
  readonly region: string;
}

/**
 * The storage location S3 storage records: the endpoint in its canonical spelling (or "aws"), the region and the
 * five buckets. Takes a store as AwsS3Props, CephViaGatewayProps and the workspace file's `storage` spell it.
 */
export function s3Location(store: S3StoreLocation): string {
  const buckets = bucketsOf(store);
  return `${store.endpoint === undefined ? "aws" : canonicalEndpoint(store.endpoint)} ${store.region} ${BUCKET_PURPOSES.map((purpose) => buckets[purpose]).join(",")}`;
}

/**
 * A recorded storage location with its endpoint in the canonical spelling: volumes labelled before
 * s3Location spelled endpoints canonically hold them as the file wrote them. The plan-time guard does the
 * same in Terraform (constructs/volume-fingerprint-guard.ts); a test runs both on the same cases.
 */
export function canonicalStorageLocation(location: string): string {
  const space = location.indexOf(" ");
  return space === -1
    ? canonicalEndpoint(location)
    : `${canonicalEndpoint(location.slice(0, space))}${location.slice(space)}`;
}

/** The storage location local storage records: the data volume itself. */
export const LOCAL_LOCATION = "volume";

/** The labels a data volume gets for a fingerprint: `convex-stack.workspace`, `convex-stack.instance-name`, ... */
export function fingerprintLabels(fingerprint: VolumeFingerprint): Record<string, string> {
  return Object.fromEntries(FINGERPRINT_FIELDS.map((field) => [LABEL_KEYS[field], fingerprint[field]]));
}

/**
 * What a volume's labels (or a state file's record of them) say it was created with: each field whose
 * label is there, and only those. A field whose label is missing is unknown, not a match; an empty
 * result means nothing is known (a volume this project did not make, or whose labels were removed).
 */
export function fingerprintFromLabels(labels: Readonly<Record<string, string>>): Partial<VolumeFingerprint> {
  const recorded: Partial<Record<keyof VolumeFingerprint, string>> = {};
  for (const field of FINGERPRINT_FIELDS) {
    const value = labels[LABEL_KEYS[field]];
    if (typeof value === "string") recorded[field] = value;
  }
  return recorded as Partial<VolumeFingerprint>;
}

/** The fields a partial fingerprint does not record, by label. */
export function missingLabels(recorded: Partial<VolumeFingerprint>): string[] {
  return FINGERPRINT_FIELDS.filter((field) => recorded[field] === undefined).map((field) => LABEL_KEYS[field]);
}
