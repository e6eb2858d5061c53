import { BUCKET_PURPOSES, type Buckets } from "./buckets";
import { LABEL_PREFIX } from "./defaults";

/**
 * What a data volume's database remembers, or depends on without remembering (upstream issue 55: the S3
 * endpoint and buckets are not recorded, so a change there silently orphans files). A deployed volume
 * must keep the same fingerprint; the labels, the state check and the plan-time guard all compare it.
 */
export interface VolumeFingerprint {
  readonly workspace: string;
  readonly instanceName: string;
  /** What the backend writes on first boot: Local { dir } or S3 { s3_prefix }. */
  readonly storageMode: "local" | "s3";
  /** Where files live: "volume", or the endpoint, region and the five buckets. */
  readonly storageLocation: string;
  readonly database: "sqlite" | "postgres" | "mysql";
}

const LABEL_KEYS: Record<keyof VolumeFingerprint, string> = {
  workspace: `${LABEL_PREFIX}workspace`,
  instanceName: `${LABEL_PREFIX}instance-name`,
  storageMode: `${LABEL_PREFIX}storage-mode`,
  storageLocation: `${LABEL_PREFIX}storage-location`,
  database: `${LABEL_PREFIX}database`,
};

export const FINGERPRINT_FIELDS = Object.keys(LABEL_KEYS) as (keyof VolumeFingerprint)[];

export function s3Location(endpoint: string | undefined, region: string, buckets: Buckets): string {
  return `${endpoint ?? "aws"} ${region} ${BUCKET_PURPOSES.map((purpose) => buckets[purpose]).join(",")}`;
}

export const LOCAL_LOCATION = "volume";

export function fingerprintLabels(fingerprint: VolumeFingerprint): Record<string, string> {
  return Object.fromEntries(FINGERPRINT_FIELDS.map((field) => [LABEL_KEYS[field], fingerprint[field]]));
}

/** Reads a fingerprint back from Docker labels; undefined when the volume was not made by this project. */
export function fingerprintFromLabels(labels: Record<string, string>): VolumeFingerprint | undefined {
  const values = FINGERPRINT_FIELDS.map((field) => labels[LABEL_KEYS[field]]);
  if (values.some((value) => value === undefined)) return undefined;
  return Object.fromEntries(FINGERPRINT_FIELDS.map((field, i) => [field, values[i]])) as unknown as VolumeFingerprint;
}
