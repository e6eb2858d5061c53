import { type VolumeFingerprint } from "../constructs/domain";
import { storageKindOf } from "../storage-kinds";
import type { ResolvedWorkspace } from "./resolve";

/** The fingerprint a workspace file asks for (synthesis derives the same from the constructs); its storage kind gives mode and location. */
export function expectedFingerprint(ws: ResolvedWorkspace): VolumeFingerprint {
  const storage = ws.config.storage;
  return {
    workspace: ws.name,
    instanceName: ws.instanceName,
    ...storageKindOf(storage).fingerprint(storage, ws),
    database: ws.config.database.kind,
  };
}
