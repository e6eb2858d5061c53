import type { Report } from "../../../vocabulary/rule";
import type { StorageWorkspaceRule } from "../../../vocabulary/storage-kind";
import type { LocalPlusSyncStorage } from "../schema";

/**
 * The sync sidecar hands the target's fields to rclone: a blank one sends the copies elsewhere than meant,
 * and a gateway target without an endpoint has no way to reach the gateway. The schema admits blank values
 * (and only inert characters) so that this rule can say what they do.
 */
export const syncTargetComplete: StorageWorkspaceRule<LocalPlusSyncStorage> = {
  id: "sync-target-complete",
  stage: "workspace",
  level: "error",
  doc: {
    finds: "a blank sync target bucket or region; a `CephViaGateway` sync target without `endpoint`",
    prevents: "copies (and database snapshots) that do not reach the bucket meant, so no backup to restore",
    fix: "give every value; the gateway's URL for a gateway target",
    source: "constructs/storage/sync-sidecar.ts (the rclone remote the sidecar configures)",
  },
  cannotAcknowledge:
    "the construct library refuses a gateway target without an endpoint when it synthesizes the sidecar, and a copy that goes elsewhere is no backup",

  check(storage) {
    const target = storage.target;
    const reports: Report[] = [];
    const sidecar =
      "the sync sidecar would hand rclone an empty value, so its copies would not reach the bucket you mean";
    for (const [path, value] of [
      ["storage.target.region", target.region],
      ["storage.target.bucket", target.bucket],
    ] as const) {
      if (value.trim() === "") reports.push({ path, info: `is blank; ${sidecar}`, fix: "give a real value" });
    }
    if (target.kind === "CephViaGateway" && !target.endpoint) {
      reports.push({
        path: "storage.target.endpoint",
        info: "is required for a CephViaGateway target: it is the only way the sync sidecar finds your gateway",
        fix: "give the gateway's URL (e.g. http://rgw.example.internal:7480), or use target.kind AwsS3 for a bucket on AWS",
      });
    }
    return reports;
  },
};
