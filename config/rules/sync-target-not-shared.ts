import type { BucketUse, CopyBucket } from "../../vocabulary/storage-kind";
import type { ResolvedWorkspace } from "../../vocabulary/resolved-workspace";
import type { CrossWorkspaceRule, FileReport } from "../../vocabulary/rule";

/** Every bucket each workspace names, with the workspace. */
function bucketUses(all: readonly ResolvedWorkspace[]): { ws: ResolvedWorkspace; use: BucketUse }[] {
  return all.flatMap((ws) => (ws.storageKind.bucketUses?.(ws.config.storage, ws) ?? []).map((use) => ({ ws, use })));
}

function overlap(a: string, b: string): boolean {
  return a === b || a === "" || b === "" || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

/**
 * A copy of a workspace's files (LocalPlusSync's target) must land where nothing else writes: not in a bucket
 * a backend stores its objects in, and not in the folder of another workspace's copy.
 */
export const syncTargetNotShared: CrossWorkspaceRule = {
  id: "sync-target-not-shared",
  stage: "cross-workspace",
  level: "error",
  doc: {
    finds:
      "a copy's target bucket (LocalPlusSync) that another workspace's backend uses (same service), or two workspaces copying into overlapping folders of one bucket",
    prevents: "copies mixed with live objects or with each other",
    fix: "a bucket and folder of its own (the default folder is the workspace name)",
    source: "constructs/storage/sync-sidecar.ts (rclone copies into the target folder)",
  },
  cannotAcknowledge: "it protects the data: a restore or a cleanup of either copy would touch the other's files",

  check(all) {
    const reports: FileReport[] = [];
    const uses = bucketUses(all);
    const copies = uses.filter((u): u is { ws: ResolvedWorkspace; use: CopyBucket } => u.use.use === "copy");
    for (const copy of copies) {
      const named = new Set<ResolvedWorkspace>();
      for (const { ws: other, use } of uses) {
        if (
          use.use !== "backend" ||
          use.service !== copy.use.service ||
          use.bucket !== copy.use.bucket ||
          named.has(other)
        )
          continue;
        named.add(other);
        reports.push({
          file: copy.ws.file,
          path: copy.use.path,
          info:
            `"${copy.use.bucket}" on ${copy.use.service} is the ${use.purpose} bucket of workspace "${other.name}" (${other.file}), whose backend keeps its own objects there: ` +
            "this workspace's copies would mix with them, and a restore or a cleanup of either would touch the other's data",
          fix: "sync to a bucket no backend uses",
        });
      }
    }
    copies.forEach((a, i) =>
      copies.slice(i + 1).forEach((b) => {
        if (a.use.service !== b.use.service || a.use.bucket !== b.use.bucket || !overlap(a.use.folder, b.use.folder))
          return;
        reports.push({
          file: b.ws.file,
          path: b.use.folderPath,
          info:
            `workspace "${b.ws.name}" syncs to ${b.use.service} bucket "${b.use.bucket}" folder "${b.use.folder}", which overlaps folder "${a.use.folder}" that workspace "${a.ws.name}" (${a.ws.file}) syncs to: ` +
            "the two copies would overwrite and mix each other's files",
          fix: "give each workspace its own prefix (the default is the workspace name)",
        });
      }),
    );
    return reports;
  },
};
