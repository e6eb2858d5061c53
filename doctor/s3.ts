import type { AwsCredentialIdentity } from "@aws-sdk/types";
import type { ResolvedWorkspace } from "../config/resolve";
import type { StorageConfig } from "../config/schema";
import { readingOf, type SecretName, S3_BUCKET_VARIABLES, s3StartOf, secretEnvName } from "../constructs/domain";
import { type CheckResult, fail, pass, skip } from "./check";
import { sessionTokenVerdict } from "./session-token";
import { probeS3 } from "./s3-probe";
import { BACKEND_SHAPES, backendS3Verdicts, syncTargetVerdicts } from "./s3-verdicts";

type S3Storage = Extract<StorageConfig, { kind: "AwsS3" | "CephViaGateway" }>;
type SyncStorage = Extract<StorageConfig, { kind: "LocalPlusSync" }>;

/** S3 checks: the backend's buckets (AwsS3, CephViaGateway) or the LocalPlusSync target. */
export async function storageChecks(ws: ResolvedWorkspace, env: NodeJS.ProcessEnv): Promise<CheckResult[]> {
  const storage = ws.config.storage;
  switch (storage.kind) {
    case "LocalStorage":
      return [skip("storage", "LocalStorage: files live in the data volume; no S3 store to check")];
    case "AwsS3":
    case "CephViaGateway":
      return backendChecks(ws, storage, env);
    case "LocalPlusSync":
      return syncTargetChecks(storage, env);
  }
}

async function backendChecks(ws: ResolvedWorkspace, storage: S3Storage, env: NodeJS.ProcessEnv): Promise<CheckResult[]> {
  const credentials = backendCredentials(storage, env);
  const credentialsCheck = entrypointVerdict(ws, storage) ?? credentialsVerdict("storage: credentials", credentials);
  if (credentialsCheck.status === "fail") return [credentialsCheck];
  const buckets = ws.buckets!;
  const observations = await probeS3(
    {
      endpoint: storage.kind === "CephViaGateway" ? storage.endpoint : undefined,
      region: storage.region,
      pathStyle: storage.kind === "CephViaGateway",
      credentials: credentials.credentials,
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
        `none found in ${credentials.source}: ${observations.unreachable.message}`,
        "provide AWS credentials the way the deploy will (AWS_* variables, a profile or an instance role)",
      ),
    ];
  }
  const verdicts = backendS3Verdicts(
    {
      file: ws.file,
      kind: storage.kind,
      serverSideEncryption: storage.serverSideEncryption,
      checksums: storage.checksums,
      rangePrefetch: storage.rangePrefetch,
      rangePrefetchReading: readingOf(ws.config.convex.version, "AWS_S3_DISABLE_RANGE_PREFETCH"),
      provisionBuckets: storage.provisionBuckets,
      addressing: storage.kind === "CephViaGateway" ? "pathStyle" : "virtualHost",
      buckets,
    },
    observations,
  );
  const token = storage.kind === "AwsS3" && storage.sessionToken ? [sessionTokenVerdict(observations, env)] : [];
  return [credentialsCheck, ...token, ...verdicts];
}

/**
 * With the SDK's default chain the backend gets no static keys, and entrypoints before 2026-04-09 then fall
 * back to local storage (rule entrypoint-starts-s3, whose finding this row replaces). The store is not
 * measured then: the backend would never talk to it.
 */
export function entrypointVerdict(ws: ResolvedWorkspace, storage: S3Storage): CheckResult | undefined {
  if (storage.kind !== "AwsS3" || storage.credentials !== "sdkDefaultChain") return undefined;
  const start = s3StartOf(ws.config.convex.version, new Set(["AWS_REGION", ...S3_BUCKET_VARIABLES]));
  if (start.kind === "s3") return undefined;
  return fail(
    "storage: credentials",
    `"sdkDefaultChain" passes no static keys, and ${start.why}`,
    `set "credentials": "terraformVariables" (or "provisionedIamUser") in "storage" of ${ws.file}, or use a revision from ca1f91cd (2026-04-09) on`,
  );
}

async function syncTargetChecks(storage: SyncStorage, env: NodeJS.ProcessEnv): Promise<CheckResult[]> {
  const target = storage.target;
  const gateway = target.kind === "CephViaGateway";
  // Rule s3-settings-complete refuses this (a config: row says so and how to fix it); there is nothing to probe.
  if (gateway && !target.endpoint) return [skip("sync target", "a CephViaGateway target without storage.target.endpoint: no gateway to ask")];
  const credentials = fromVariables(env, "sync_access_key_id", "sync_secret_access_key");
  const credentialsCheck = credentialsVerdict("sync target: credentials", credentials);
  if (credentialsCheck.status === "fail") return [credentialsCheck];
  const observations = await probeS3(
    { endpoint: target.endpoint, region: target.region, pathStyle: gateway, credentials: credentials.credentials },
    { buckets: [target.bucket], uploadBucket: target.bucket, shapes: [{ sse: false, checksums: false }] },
  );
  return [
    credentialsCheck,
    ...syncTargetVerdicts({ bucket: target.bucket, addressing: gateway ? "pathStyle" : "virtualHost", gateway }, observations),
  ];
}

const DEFAULT_CHAIN = "the SDK default chain of this process (AWS_* variables, profile, instance role)";

interface CredentialsSource {
  /** undefined: the SDK's default chain. */
  readonly credentials?: AwsCredentialIdentity;
  readonly source: string;
  /** Why this source, when it is not the obvious one. */
  readonly note?: string;
  /** Environment variables that must be set and are not. */
  readonly missing: readonly string[];
}

/** The same variables, and so the same credentials, the deploy hands to the backend. */
function backendCredentials(storage: S3Storage, env: NodeJS.ProcessEnv): CredentialsSource {
  if (storage.kind === "AwsS3" && storage.credentials === "sdkDefaultChain") {
    return { source: DEFAULT_CHAIN, note: "the backend gets no keys and uses its own chain", missing: [] };
  }
  if (storage.kind === "AwsS3" && storage.credentials === "provisionedIamUser") {
    return { source: DEFAULT_CHAIN, note: "the deployer's own credentials: the backend's IAM user does not exist before the deploy", missing: [] };
  }
  const withToken = storage.kind === "AwsS3" && storage.sessionToken;
  return fromVariables(env, "storage_access_key_id", "storage_secret_access_key", withToken ? "storage_session_token" : undefined);
}

function fromVariables(env: NodeJS.ProcessEnv, id: SecretName, secret: SecretName, token?: SecretName): CredentialsSource {
  const names = [id, secret, ...(token ? [token] : [])].map(secretEnvName);
  const missing = names.filter((name) => !env[name]);
  const source = names.join(" / ");
  if (missing.length > 0) return { source, missing };
  const [accessKeyId, secretAccessKey, sessionToken] = names.map((name) => env[name]!);
  return { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) }, source, missing };
}

function credentialsVerdict(check: string, credentials: CredentialsSource): CheckResult {
  if (credentials.missing.length > 0) {
    return fail(
      check,
      `${credentials.missing.join(" and ")} not set: the deploy reads the same variables`,
      `export ${credentials.missing.map((name) => `${name}=...`).join(" ")} (the values the deploy will use), then run the doctor again`,
    );
  }
  return pass(check, `from ${credentials.source}${credentials.note ? `; ${credentials.note}` : ""}`);
}
