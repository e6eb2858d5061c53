import {
  type GuardedField,
  volumeChangeExplanation,
  volumeChanges,
  type VolumeFingerprint,
  volumeMoveSteps,
} from "../../constructs/domain";
import { WORKSPACE_FILE_WORDING } from "../volume-change-wording";
import type { DeployedRule, Report } from "../../vocabulary/rule";

/**
 * What a deployed volume was created with, and where that was read (a state file, a remote state, the live
 * volume's labels). A partial record is compared on what it holds.
 */
export interface RecordedFingerprint {
  readonly fingerprint: Partial<VolumeFingerprint>;
  readonly seenIn: string;
}

/**
 * The data-loss class (constructs/domain/volume-change.ts): a change a deployed volume cannot take. The
 * same explanation comes from the plan-time guard in the stack (constructs/volume-fingerprint-guard.ts).
 */
export const volumeChange: DeployedRule<readonly RecordedFingerprint[]> = {
  id: "volume-change",
  stage: "deployed",
  level: "error",
  doc: {
    finds:
      "a workspace file asking a deployed data volume for another storage mode, storage location (endpoint, region, buckets), instance name (where it is bound to data) or database than it was created with, as the stack's state (local or remote) or the live volume's labels record",
    prevents:
      '`Database was initialized with Some(Local { dir: "/convex/data/storage" }), but backend started up with S3.` (a deployment switched from local storage to S3); `Cannot use s3 storage path <prefix> with <instance>`; every existing file lost to new buckets; an empty database',
    fix: "undo the change, or move the data: export, raise `volume.generation`, deploy, import ([data-safety.md](data-safety.md))",
    source:
      "crates/model/src/database_globals/mod.rs:133-157 at a9a760ca; https://github.com/get-convex/convex-backend/issues/55 (the endpoint and buckets are not recorded)",
  },
  cannotAcknowledge: "it protects the data in the volume: the backend would refuse it, or start without it",

  check(ws, recorded) {
    const volume = { workspace: ws.name, volumeName: ws.names.volume, generation: ws.config.volume.generation };
    // Per field, one report naming every place the change was seen.
    const changes = new Map<string, { recorded: string; requested: string; field: GuardedField; seenIn: string[] }>();
    for (const { fingerprint, seenIn } of recorded) {
      for (const change of volumeChanges(fingerprint, ws.fingerprint)) {
        const entry = changes.get(change.field) ?? { ...change, seenIn: [] };
        if (!entry.seenIn.includes(seenIn)) entry.seenIn.push(seenIn);
        changes.set(change.field, entry);
      }
    }
    const setting = (field: GuardedField) => WORKSPACE_FILE_WORDING.settings[field];
    return [...changes.values()].map((change): Report => ({
      path: setting(change.field),
      info: `${volumeChangeExplanation(change.field, change.recorded, change.requested, volume, WORKSPACE_FILE_WORDING)} (Seen in ${change.seenIn.join(" and in ")}.)`,
      fix: `undo the change to ${setting(change.field)}. ${volumeMoveSteps(volume, WORKSPACE_FILE_WORDING)}`,
    }));
  },
};
