import { bucketNameProblem } from "../../constructs/domain";
import type { Problem } from "../problems";
import type { ResolvedWorkspace } from "../resolve";
import { BUCKET_PURPOSES } from "../../constructs/domain";
import type { WorkspaceRule } from "./rule";

/** Every bucket name a workspace uses, with the field it comes from and that field's value. */
function namedBuckets(ws: ResolvedWorkspace): { path: string; name: string; given: string; derived: boolean }[] {
  const storage = ws.config.storage;
  if (storage.kind === "LocalPlusSync") return [{ path: "storage.target.bucket", name: storage.target.bucket, given: storage.target.bucket, derived: false }];
  if (!ws.buckets || (storage.kind !== "AwsS3" && storage.kind !== "CephViaGateway")) return [];
  return BUCKET_PURPOSES.map((purpose) =>
    storage.buckets
      ? { path: `storage.buckets.${purpose}`, name: ws.buckets![purpose], given: storage.buckets[purpose], derived: false }
      : { path: "storage.bucketPrefix", name: ws.buckets![purpose], given: storage.bucketPrefix ?? "", derived: true },
  );
}

export const bucketNamesValid: WorkspaceRule = {
  id: "bucket-names-valid",
  check(ws) {
    const problems: Problem[] = [];
    const seen = new Set<string>();
    for (const bucket of namedBuckets(ws)) {
      // A blank field is s3-settings-complete's: it says what a blank value does upstream.
      if (bucket.given.trim() === "") continue;
      const reason = bucketNameProblem(bucket.name);
      // A bad prefix breaks all five derived names the same way: say it once.
      if (!reason || seen.has(`${bucket.path} ${reason}`)) continue;
      seen.add(`${bucket.path} ${reason}`);
      problems.push({
        file: ws.file,
        path: bucket.path,
        message:
          `${bucket.derived ? `derives the bucket name "${bucket.name}", which` : `"${bucket.name}"`} is not a valid S3 bucket name: ${reason}. ` +
          `S3 and RGW answer "InvalidBucketName", so nothing could be stored. Choose a name of 3-63 lowercase letters, digits, dots and dashes`,
      });
    }
    return problems;
  },
};

/**
 * Upstream hands one key prefix (`<instance>-<uuid>/`) to every purpose, so purposes sharing a bucket share
 * one key space; upstream's own setup names five buckets.
 */
export const bucketsDistinct: WorkspaceRule = {
  id: "buckets-distinct",
  check(ws) {
    const buckets = ws.config.storage.kind === "AwsS3" || ws.config.storage.kind === "CephViaGateway" ? ws.config.storage.buckets : undefined;
    if (!buckets) return [];
    const problems: Problem[] = [];
    BUCKET_PURPOSES.forEach((a, i) =>
      BUCKET_PURPOSES.slice(i + 1).forEach((b) => {
        if (buckets[a] !== buckets[b] || problems.some((p) => p.path === `storage.buckets.${b}`)) return;
        problems.push({
          file: ws.file,
          path: `storage.buckets.${b}`,
          message:
            `is "${buckets[b]}", the same bucket as storage.buckets.${a}: the backend keys every purpose under the same "<instance>-<uuid>/" prefix, ` +
            `so ${a} and ${b} objects would share one key space and each purpose's listings would return the other's objects. Give each purpose its own bucket (or use bucketPrefix)`,
        });
      }),
    );
    return problems;
  },
};
