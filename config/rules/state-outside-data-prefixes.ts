import { SNAPSHOT_LAYOUT } from "../../constructs/domain";
import { s3ServiceAt } from "../../storage-kinds/shared/s3-service";
import type { CrossWorkspaceRule, FileReport } from "../../vocabulary/rule";
import type { BucketUse } from "../../vocabulary/storage-kind";
import { stateObjectKey } from "../state-object-key";

/** Whether `key` lies in `folder` ("" is the whole bucket). */
function inFolder(key: string, folder: string): boolean {
  return folder === "" || key.startsWith(`${folder}/`);
}

/** What the workspace's storage or sidecars do where the state would be, or undefined when they leave it alone. */
function clash(key: string, use: BucketUse): string | undefined {
  if (use.use === "backend")
    return `the backend keeps its ${use.purpose} objects in that bucket, under a prefix it chooses at first boot, and deletes what it no longer needs`;
  const snapshots = use.folder === "" ? SNAPSHOT_LAYOUT.folder : `${use.folder}/${SNAPSHOT_LAYOUT.folder}`;
  if (inFolder(key, snapshots))
    return `the snapshot sidecar prunes ${snapshots}/ to the newest snapshots (rclone purge of every older folder), which would delete the state`;
  if (inFolder(key, use.folder))
    return `the sync sidecar copies the storage folder into ${use.folder === "" ? "the whole bucket" : `${use.folder}/`}, over whatever is there`;
  return undefined;
}

/**
 * A workspace's Terraform state (and its lock) must not lie where a workspace's storage or sidecars write or
 * prune: a bucket a backend keeps its objects in, a LocalPlusSync target folder, and above all its snapshot
 * folder, which the sidecar prunes. Losing the state loses the record of what is deployed, the guards'
 * records with it.
 */
export const stateOutsideDataPrefixes: CrossWorkspaceRule = {
  id: "state-outside-data-prefixes",
  stage: "cross-workspace",
  level: "error",
  doc: {
    finds:
      "a `state` object (`<keyPrefix>/<name>.tfstate` in `state.bucket`) in a bucket a workspace's backend keeps its objects in, or inside a LocalPlusSync target folder (copied over) or its snapshot folder (pruned), on the same S3 service",
    prevents:
      "the snapshot sidecar deleting the Terraform state when it prunes old snapshots; the state mixed with the backend's objects",
    fix: "a `state.bucket` (or `state.keyPrefix`) of its own, outside every data bucket and copy folder",
    source: "constructs/storage/sync-sidecar.ts (rclone copy into the folder; rclone purge of old snapshot folders)",
  },
  cannotAcknowledge: "the state would be overwritten or deleted, and with it the record of what is deployed",

  check(all) {
    const reports: FileReport[] = [];
    const uses = all.flatMap((owner) =>
      (owner.storageKind.bucketUses?.(owner.config.storage, owner) ?? []).map((use) => ({ owner, use })),
    );
    for (const ws of all) {
      const state = ws.config.state;
      if (state.backend !== "s3") continue;
      const key = stateObjectKey(state.keyPrefix, ws.name);
      const service = s3ServiceAt(state.endpoint);
      for (const { owner, use } of uses) {
        if (use.service !== service || use.bucket !== state.bucket) continue;
        const why = clash(key, use);
        if (why === undefined) continue;
        reports.push({
          file: ws.file,
          path: "state",
          info:
            `the state object s3://${state.bucket}/${key} lies where ${owner === ws ? "this workspace's" : `workspace "${owner.name}"'s (${owner.file})`} storage writes (${use.path}): ${why}. ` +
            "The state is the record of what is deployed; without it Terraform would create everything again over the existing data",
          fix: "give state.bucket a bucket of its own (npm run state-bucket creates it, versioned), or a state.keyPrefix outside that folder",
        });
      }
    }
    return reports;
  },
};
