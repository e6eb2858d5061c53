import type { ResolvedWorkspace } from "../../vocabulary/resolved-workspace";
import { BUCKET_VARIABLES, s3StartOf } from "../../constructs/domain";
import { type CheckResult, fail } from "../../probes/check";
import { type CredentialsSource, DEFAULT_CHAIN, fromVariables } from "../../probes/credentials";
import type { DoctorContext } from "../../vocabulary/storage-kind";
import { backendChecks } from "../shared/s3-buckets/doctor";
import type { AwsS3Storage } from "./schema";
import { sessionTokenVerdict } from "./session-token";

/** AwsS3's `storage:` rows: the five buckets on AWS S3, with the credentials the deploy hands the backend. */
export function awsS3Checks(storage: AwsS3Storage, { workspace, env }: DoctorContext): Promise<CheckResult[]> {
  return backendChecks(storage, workspace, {
    gateway: false,
    credentials: backendCredentials(storage, env),
    refusal: entrypointVerdict(workspace, storage),
    more: (observations) => (storage.sessionToken ? [sessionTokenVerdict(observations, env)] : []),
  });
}

/**
 * With the SDK's default chain the backend gets no static keys, and entrypoints before 2026-04-09 then fall
 * back to local storage (rule entrypoint-starts-s3, whose finding this row replaces). The store is not
 * measured then: the backend would never talk to it.
 */
export function entrypointVerdict(ws: ResolvedWorkspace, storage: AwsS3Storage): CheckResult | undefined {
  if (storage.credentials !== "sdkDefaultChain") return undefined;
  const start = s3StartOf(ws.config.convex.version, new Set(["AWS_REGION", ...Object.values(BUCKET_VARIABLES)]));
  if (start.kind === "s3") return undefined;
  return fail(
    "storage: credentials",
    `"sdkDefaultChain" passes no static keys, and ${start.why}`,
    `set "credentials": "terraformVariables" (or "provisionedIamUser") in "storage" of ${ws.file}, or use a revision from ca1f91cd (2026-04-09) on`,
  );
}

/** The same variables, and so the same credentials, the deploy hands to the backend. */
function backendCredentials(storage: AwsS3Storage, env: NodeJS.ProcessEnv): CredentialsSource {
  if (storage.credentials === "sdkDefaultChain")
    return { source: DEFAULT_CHAIN, note: "the backend gets no keys and uses its own chain", missing: [] };
  if (storage.credentials === "provisionedIamUser") {
    return {
      source: DEFAULT_CHAIN,
      note: "the deployer's own credentials: the backend's IAM user does not exist before the deploy",
      missing: [],
    };
  }
  return fromVariables(
    env,
    "storage_access_key_id",
    "storage_secret_access_key",
    storage.sessionToken ? "storage_session_token" : undefined,
  );
}
