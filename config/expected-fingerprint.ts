import { LOCAL_LOCATION, s3Location, type VolumeFingerprint } from "../constructs/domain";
import type { ResolvedWorkspace } from "./resolve";

/** The fingerprint a workspace file asks for (synthesis derives the same from the constructs). */
export function expectedFingerprint(ws: ResolvedWorkspace): VolumeFingerprint {
  const storage = ws.config.storage;
  const s3 = storage.kind === "AwsS3" || storage.kind === "CephViaGateway";
  return {
    workspace: ws.name,
    instanceName: ws.instanceName,
    storageMode: s3 ? "s3" : "local",
    storageLocation: s3 ? s3Location(storage.kind === "CephViaGateway" ? storage.endpoint : undefined, storage.region, ws.buckets!) : LOCAL_LOCATION,
    database: ws.config.database.kind,
  };
}
