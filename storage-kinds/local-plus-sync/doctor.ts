import { type CheckResult, skip } from "../../probes/check";
import { credentialsVerdict, fromVariables } from "../../probes/credentials";
import { probeS3 } from "../../probes/s3-probe";
import { syncTargetVerdicts } from "../../probes/s3-verdicts";
import type { DoctorContext } from "../../vocabulary/storage-kind";
import type { LocalPlusSyncStorage } from "./schema";

/** LocalPlusSync's `sync target:` rows: the target bucket, with the sidecar's own keys, as the sidecar uses it. */
export async function localPlusSyncChecks(
  storage: LocalPlusSyncStorage,
  { env }: DoctorContext,
): Promise<CheckResult[]> {
  const target = storage.target;
  const gateway = target.kind === "CephViaGateway";
  // Rule sync-target-complete refuses this (a config: row says so and how to fix it); there is nothing to probe.
  if (gateway && !target.endpoint)
    return [skip("sync target", "a CephViaGateway target without storage.target.endpoint: no gateway to ask")];
  const credentials = fromVariables(env, "sync_access_key_id", "sync_secret_access_key");
  const credentialsCheck = credentialsVerdict("sync target: credentials", credentials);
  if (credentialsCheck.status === "fail") return [credentialsCheck];
  const observations = await probeS3(
    { endpoint: target.endpoint, region: target.region, pathStyle: gateway, credentials: credentials.credentials },
    { buckets: [target.bucket], uploadBucket: target.bucket, shapes: [{ sse: false, checksums: false }] },
  );
  return [
    credentialsCheck,
    ...syncTargetVerdicts(
      { bucket: target.bucket, addressing: gateway ? "pathStyle" : "virtualHost", gateway },
      observations,
    ),
  ];
}
