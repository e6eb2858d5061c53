import type { Problem } from "../problems";
import type { ResolvedWorkspace } from "../resolve";
import { BUCKET_PURPOSES } from "../schema";
import type { WorkspaceRule } from "./rule";

/** Why S3 refuses a bucket name (AWS general purpose bucket naming rules), or undefined when it is valid. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `it has ${name.length} characters; 3 to 63 are allowed`;
  if (!/^[a-z0-9.-]+$/.test(name)) return "only lowercase letters, digits, dots and dashes are allowed";
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return "it must begin and end with a letter or a digit";
  if (name.includes("..")) return "two dots may not follow each other";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return "it may not look like an IP address";
  const prefix = ["xn--", "sthree-", "amzn-s3-demo-"].find((p) => name.startsWith(p));
  if (prefix) return `the prefix "${prefix}" is reserved`;
  const suffix = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"].find((s) => name.endsWith(s));
  if (suffix) return `the suffix "${suffix}" is reserved`;
  return undefined;
}

/** Every bucket name a workspace uses, with the field it comes from. */
function namedBuckets(ws: ResolvedWorkspace): { path: string; name: string; derived: boolean }[] {
  const storage = ws.config.storage;
  if (storage.kind === "LocalPlusSync") return [{ path: "storage.target.bucket", name: storage.target.bucket, derived: false }];
  if (!ws.buckets || (storage.kind !== "AwsS3" && storage.kind !== "CephViaGateway")) return [];
  return BUCKET_PURPOSES.map((purpose) =>
    storage.buckets
      ? { path: `storage.buckets.${purpose}`, name: ws.buckets![purpose], derived: false }
      : { path: "storage.bucketPrefix", name: ws.buckets![purpose], derived: true },
  );
}

export const bucketNamesValid: WorkspaceRule = {
  id: "bucket-names-valid",
  check(ws) {
    const problems: Problem[] = [];
    const seen = new Set<string>();
    for (const bucket of namedBuckets(ws)) {
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
