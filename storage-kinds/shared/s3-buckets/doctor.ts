import type { ResolvedWorkspace } from "../../../vocabulary/resolved-workspace";
import { bucketsOf, readingOf } from "../../../constructs/domain";
import { type CheckResult, fail } from "../../../probes/check";
import { type CredentialsSource, credentialsVerdict } from "../../../probes/credentials";
import { type S3Observations, probeS3 } from "../../../probes/s3-probe";
import { BACKEND_SHAPES, backendS3Verdicts } from "../../../probes/s3-verdicts";
import type { S3BucketsStorage } from "./storage";

/** The store of a kind that keeps the backend's files in five S3 buckets, as the doctor asks it. */
export interface BackendStore {
  /** @default AWS S3 */
  readonly endpoint?: string;
  /** An S3-compatible gateway (path-style addressing, AWS_S3_FORCE_PATH_STYLE), not AWS S3. */
  readonly gateway: boolean;
  /** The credentials the deploy hands the backend. */
  readonly credentials: CredentialsSource;
  /** A failing row that stands for the credentials row, when the backend would never reach the store. */
  readonly refusal?: CheckResult;
  /** The kind's own rows from what the store answered. @default none */
  readonly more?: (observations: S3Observations) => CheckResult[];
}

/**
 * The doctor's `storage:` rows for the backend's five buckets: what the store answers to the uploads the
 * backend sends, and which switches it therefore needs.
 */
export async function backendChecks(
  storage: S3BucketsStorage,
  ws: ResolvedWorkspace,
  store: BackendStore,
): Promise<CheckResult[]> {
  const credentialsCheck = store.refusal ?? credentialsVerdict("storage: credentials", store.credentials);
  if (credentialsCheck.status === "fail") return [credentialsCheck];
  const buckets = ws.buckets ?? bucketsOf(storage);
  const observations = await probeS3(
    {
      endpoint: store.endpoint,
      region: storage.region,
      pathStyle: store.gateway,
      credentials: store.credentials.credentials,
    },
    {
      buckets: Object.values(buckets),
      uploadBucket: buckets.files,
      shapes: BACKEND_SHAPES,
      // Buckets the deploy will create do not exist yet: measure in a throw-away one instead.
      temporaryBucketIfMissing: storage.provisionBuckets,
    },
  );
  if (observations.unreachable?.code === "CredentialsProviderError") {
    return [
      fail(
        "storage: credentials",
        `none found in ${store.credentials.source}: ${observations.unreachable.message}`,
        "provide AWS credentials the way the deploy will (AWS_* variables, a profile or an instance role)",
      ),
    ];
  }
  const verdicts = backendS3Verdicts(
    {
      file: ws.file,
      gateway: store.gateway,
      serverSideEncryption: storage.serverSideEncryption,
      checksums: storage.checksums,
      rangePrefetch: storage.rangePrefetch,
      rangePrefetchReading: readingOf(ws.config.convex.version, "AWS_S3_DISABLE_RANGE_PREFETCH"),
      provisionBuckets: storage.provisionBuckets,
      addressing: store.gateway ? "pathStyle" : "virtualHost",
      buckets,
    },
    observations,
  );
  return [credentialsCheck, ...(store.more?.(observations) ?? []), ...verdicts];
}
