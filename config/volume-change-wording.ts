import { type VolumeChangeWording } from "../constructs/domain";

/**
 * The data-loss explanation in a workspace file's words: validate, synth, the doctor and the plan-time
 * guard of every WorkspaceStack name the fields the user edits.
 */
export const WORKSPACE_FILE_WORDING: VolumeChangeWording = {
  settings: {
    storageMode: "storage.kind",
    storageLocation: "storage",
    instanceName: "convex.instanceName",
    database: "database.kind",
  },
  generationSetting: "volume.generation",
  requester: "this file",
};
