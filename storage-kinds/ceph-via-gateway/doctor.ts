import type { CheckResult } from "../../probes/check";
import { fromVariables } from "../../probes/credentials";
import type { DoctorContext } from "../../vocabulary/storage-kind";
import { backendChecks } from "../shared/s3-buckets/doctor";
import type { CephViaGatewayStorage } from "./schema";

/** CephViaGateway's `storage:` rows: the five buckets on the gateway, with the gateway user's keys the deploy passes. */
export function cephViaGatewayChecks(
  storage: CephViaGatewayStorage,
  { workspace, env }: DoctorContext,
): Promise<CheckResult[]> {
  return backendChecks(storage, workspace, {
    endpoint: storage.endpoint,
    gateway: true,
    credentials: fromVariables(env, "storage_access_key_id", "storage_secret_access_key"),
  });
}
