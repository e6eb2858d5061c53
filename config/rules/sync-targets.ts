import { BUCKET_PURPOSES, s3ServiceIdentity } from "../../constructs/domain";
import type { Problem } from "../problems";
import type { ResolvedWorkspace } from "../resolve";
import type { CrossWorkspaceRule } from "./rule";

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
export const syncTargetsNotShared: CrossWorkspaceRule = {
  id: "sync-target-not-shared",
  check(all) {
    const problems: Problem[] = [];
    const targets = all.map(syncTargetOf).filter((t): t is SyncTarget => t !== undefined);
    for (const target of targets) {
      for (const other of all) {
        const storage = other.config.storage;
        if ((storage.kind !== "AwsS3" && storage.kind !== "CephViaGateway") || !other.buckets) continue;
        if (s3ServiceIdentity(storage.kind, storage.kind === "CephViaGateway" ? storage.endpoint : undefined) !== target.service) continue;
        const purpose = BUCKET_PURPOSES.find((p) => other.buckets![p] === target.bucket);
        if (!purpose) continue;
        problems.push({
          file: target.ws.file,
          path: "storage.target.bucket",
          message:
            `"${target.bucket}" on ${target.service} is the ${purpose} bucket of workspace "${other.name}" (${other.file}), whose backend keeps its own objects there: ` +
            `this workspace's copies would mix with them, and a restore or a cleanup of either would touch the other's data. Sync to a bucket no backend uses`,
        });
      }
    }
    targets.forEach((a, i) =>
      targets.slice(i + 1).forEach((b) => {
        if (a.service !== b.service || a.bucket !== b.bucket || !overlap(a.prefix, b.prefix)) return;
        problems.push({
          file: b.ws.file,
          path: "storage.target.prefix",
          message:
            `workspace "${b.ws.name}" syncs to ${b.service} bucket "${b.bucket}" folder "${b.prefix}", which overlaps folder "${a.prefix}" that workspace "${a.ws.name}" (${a.ws.file}) syncs to: ` +
            `the two copies would overwrite and mix each other's files. Give each workspace its own prefix (the default is the workspace name)`,
        });
      }),
    );
    return problems;
  },
};
