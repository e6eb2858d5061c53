import type { ResolvedWorkspace } from "../config/resolve";
import { AwsS3, CephViaGateway, type IStorageStrategy, LocalPlusSync, LocalStorage, type SecretVariables } from "../constructs";

/**
 * Maps a workspace file's `storage` block onto its strategy. Secrets become sensitive variables, declared
 * only when used: storage_* reach the backend, sync_* only the sync sidecar.
 */
export function storageStrategyFor(workspace: ResolvedWorkspace, secrets: SecretVariables): IStorageStrategy {
  const storage = workspace.config.storage;
  switch (storage.kind) {
    case "LocalStorage":
      return new LocalStorage();
    case "AwsS3":
      return new AwsS3({
        region: storage.region,
        buckets: workspace.buckets!,
        serverSideEncryption: storage.serverSideEncryption,
        checksums: storage.checksums,
        rangePrefetch: storage.rangePrefetch,
        credentials:
          storage.credentials === "terraformVariables"
            ? {
                accessKeyId: secrets.get("storage_access_key_id"),
                secretAccessKey: secrets.get("storage_secret_access_key"),
                sessionToken: storage.sessionToken ? secrets.get("storage_session_token") : undefined,
              }
            : undefined,
        provisionBuckets: storage.provisionBuckets
          ? { versioning: storage.versioning, iamUser: storage.credentials === "provisionedIamUser" }
          : undefined,
      });
    case "CephViaGateway":
      return new CephViaGateway({
        endpoint: storage.endpoint,
        region: storage.region,
        buckets: workspace.buckets!,
        credentials: { accessKeyId: secrets.get("storage_access_key_id"), secretAccessKey: secrets.get("storage_secret_access_key") },
        serverSideEncryption: storage.serverSideEncryption,
        checksums: storage.checksums,
        rangePrefetch: storage.rangePrefetch,
        provisionBuckets: storage.provisionBuckets ? { versioning: storage.versioning } : undefined,
      });
    case "LocalPlusSync":
      return new LocalPlusSync({
        target: {
          ...storage.target,
          prefix: storage.target.prefix ?? workspace.name,
          credentials: { accessKeyId: secrets.get("sync_access_key_id"), secretAccessKey: secrets.get("sync_secret_access_key") },
        },
        intervalMinutes: storage.intervalMinutes,
        keepSnapshots: storage.keepSnapshots,
      });
  }
}
