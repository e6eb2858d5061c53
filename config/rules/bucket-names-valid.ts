import { formatProblem, FORMATS } from "../../constructs/domain";
import type { Report, WorkspaceRule } from "../../vocabulary/rule";

/** Every bucket a workspace names (its storage kind's bucketUses), checked against S3's naming rules. */
export const bucketNamesValid: WorkspaceRule = {
  id: "bucket-names-valid",
  stage: "workspace",
  level: "error",
  doc: {
    finds:
      "bucket names S3 refuses: not 3-63 characters, not lowercase letters/digits/dots/dashes, not starting and ending alphanumeric, `..`, IP-shaped, prefixes `xn--` `sthree-` `amzn-s3-demo-`, suffixes `-s3alias` `--ol-s3` `.mrap` `--x-s3` `--table-s3` (also derived from `bucketPrefix`, and the sync target)",
    prevents: "`InvalidBucketName`",
    fix: "a valid name",
    source:
      "AWS S3 general purpose bucket naming rules (docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html); constructs/domain/buckets.ts",
  },
  cannotAcknowledge:
    "the construct library refuses the same names when it synthesizes the storage (constructs/storage/s3-environment.ts): acknowledging would only move the refusal there",

  check(ws) {
    const storage = ws.config.storage;
    const reports: Report[] = [];
    const seen = new Set<string>();
    for (const use of ws.storageKind.bucketUses?.(storage, ws) ?? []) {
      // A blank field is its kind's rule's (s3-settings-complete, sync-target-complete): it says what a blank value does.
      if (use.given.trim() === "") continue;
      const reason = formatProblem(FORMATS.bucketName, use.bucket);
      // A bad prefix breaks all five derived names the same way: say it once.
      if (!reason || seen.has(`${use.path} ${reason}`)) continue;
      seen.add(`${use.path} ${reason}`);
      reports.push({
        path: use.path,
        info:
          `${use.derived ? `derives the bucket name "${use.bucket}", which` : `"${use.bucket}"`} is not a valid S3 bucket name: ${reason}. ` +
          'S3 and RGW answer "InvalidBucketName", so nothing could be stored',
        fix: "choose a name of 3-63 lowercase letters, digits, dots and dashes",
      });
    }
    return reports;
  },
};
