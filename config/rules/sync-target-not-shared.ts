import { BUCKET_PURPOSES, s3ServiceIdentity } from "../../constructs/domain";
import type { ResolvedWorkspace } from "../resolve";
import type { CrossWorkspaceRule, FileReport } from "./rule";

interface SyncTarget {
  readonly ws: ResolvedWorkspace;
  readonly service: string;
  readonly bucket: string;
  /** Folder in the bucket, without slashes at either end. */
  readonly prefix: string;
}

function syncTargetOf(ws: ResolvedWorkspace): SyncTarget | undefined {
  const storage = ws.config.storage;
  if (storage.kind !== "LocalPlusSync") return undefined;
  const { kind, endpoint, bucket, prefix } = storage.target;
  return { ws, service: s3ServiceIdentity(kind, endpoint), bucket, prefix: (prefix ?? ws.name).replace(/^\/+|\/+$/g, "") };
}

function overlap(a: string, b: string): boolean {
  return a === b || a === "" || b === "" || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

/**
 * A LocalPlusSync copy must land where nothing else writes: not in a bucket a backend stores its objects
 * in, and not in the folder of another workspace's copy.
 */
export const syncTargetNotShared: CrossWorkspaceRule = {
  id: "sync-target-not-shared",
  stage: "cross-workspace",
  level: "error",
  doc: {
    finds: "a `LocalPlusSync` target bucket that another workspace's backend uses (same service), or two workspaces syncing into overlapping folders of one bucket",
    prevents: "copies mixed with live objects or with each other",
    fix: "a bucket and folder of its own (the default folder is the workspace name)",
    source: "constructs/storage/sync-sidecar.ts (rclone copies into the target folder)",
  },
  cannotAcknowledge: "it protects the data: a restore or a cleanup of either copy would touch the other's files",

  check(all) {
    const reports: FileReport[] = [];
    const targets = all.map(syncTargetOf).filter((t): t is SyncTarget => t !== undefined);
    for (const target of targets) {
      for (const other of all) {
        const storage = other.config.storage;
        if ((storage.kind !== "AwsS3" && storage.kind !== "CephViaGateway") || !other.buckets) continue;
        if (s3ServiceIdentity(storage.kind, storage.kind === "CephViaGateway" ? storage.endpoint : undefined) !== target.service) continue;
        const purpose = BUCKET_PURPOSES.find((p) => other.buckets![p] === target.bucket);
        if (!purpose) continue;
        reports.push({
          file: target.ws.file,
          path: "storage.target.bucket",
          info:
            `"${target.bucket}" on ${target.service} is the ${purpose} bucket of workspace "${other.name}" (${other.file}), whose backend keeps its own objects there: ` +
            "this workspace's copies would mix with them, and a restore or a cleanup of either would touch the other's data",
          fix: "sync to a bucket no backend uses",
        });
      }
    }
    targets.forEach((a, i) =>
      targets.slice(i + 1).forEach((b) => {
        if (a.service !== b.service || a.bucket !== b.bucket || !overlap(a.prefix, b.prefix)) return;
        reports.push({
          file: b.ws.file,
          path: "storage.target.prefix",
          info:
            `workspace "${b.ws.name}" syncs to ${b.service} bucket "${b.bucket}" folder "${b.prefix}", which overlaps folder "${a.prefix}" that workspace "${a.ws.name}" (${a.ws.file}) syncs to: ` +
            "the two copies would overwrite and mix each other's files",
          fix: "give each workspace its own prefix (the default is the workspace name)",
        });
      }),
    );
    return reports;
  },
};
