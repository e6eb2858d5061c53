import { BUCKET_PURPOSES, bucketNameProblem } from "../../constructs/domain";
import type { ResolvedWorkspace } from "../resolve";
import type { Report, WorkspaceRule } from "./rule";

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
  stage: "workspace",
  level: "error",
  doc: {
    finds:
      "bucket names S3 refuses: not 3-63 characters, not lowercase letters/digits/dots/dashes, not starting and ending alphanumeric, `..`, IP-shaped, prefixes `xn--` `sthree-` `amzn-s3-demo-`, suffixes `-s3alias` `--ol-s3` `.mrap` `--x-s3` `--table-s3` (also derived from `bucketPrefix`, and the sync target)",
    prevents: "`InvalidBucketName`",
    fix: "a valid name",
    source: "AWS S3 general purpose bucket naming rules (docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html); constructs/domain/buckets.ts",
  },
  cannotAcknowledge: "the construct library refuses the same names when it synthesizes the storage (constructs/storage/s3-environment.ts): acknowledging would only move the refusal there",

  check(ws) {
    const reports: Report[] = [];
    const seen = new Set<string>();
    for (const bucket of namedBuckets(ws)) {
      // A blank field is s3-settings-complete's: it says what a blank value does upstream.
      if (bucket.given.trim() === "") continue;
      const reason = bucketNameProblem(bucket.name);
      // A bad prefix breaks all five derived names the same way: say it once.
      if (!reason || seen.has(`${bucket.path} ${reason}`)) continue;
      seen.add(`${bucket.path} ${reason}`);
      reports.push({
        path: bucket.path,
        info:
          `${bucket.derived ? `derives the bucket name "${bucket.name}", which` : `"${bucket.name}"`} is not a valid S3 bucket name: ${reason}. ` +
          'S3 and RGW answer "InvalidBucketName", so nothing could be stored',
        fix: "choose a name of 3-63 lowercase letters, digits, dots and dashes",
      });
    }
    return reports;
  },
};
