import { BUCKET_PURPOSES } from "../../../../constructs/domain";
import type { Report } from "../../../../vocabulary/rule";
import type { StorageWorkspaceRule } from "../../../../vocabulary/storage-kind";
import type { S3BucketsStorage } from "../storage";

const FALLBACK =
  'the entrypoint then prints "Warning: Some AWS/S3 environment variables are missing. Falling back to local storage." and the backend silently keeps every file in the volume';

/**
 * S3 mode needs AWS_REGION and all five buckets non-empty. Rule bucket-choice refuses missing buckets; the
 * schema admits blank values (and only inert characters) so that this rule can say what they do. An AwsS3
 * region is never blank: the schema wants an AWS region name there.
 */
export const s3SettingsComplete: StorageWorkspaceRule<S3BucketsStorage> = {
  id: "s3-settings-complete",
  stage: "workspace",
  level: "error",
  doc: {
    finds:
      "a blank bucket, gateway region or bucket prefix (missing buckets are rule `bucket-choice`'s; an `AwsS3` region must be an AWS region name, e.g. `eu-central-1`, by the schema)",
    prevents:
      "`Warning: Some AWS/S3 environment variables are missing. Falling back to local storage.` (the backend then silently stores files in the volume); for a blank prefix, `InvalidBucketName` for every derived name",
    fix: "give every value",
    source: "self-hosted/docker-build/run_backend.sh:35-53 at a9a760ca",
  },
  cannotAcknowledge:
    "it protects the data: a backend that falls back to local storage keeps files in a volume labelled s3, which a later deploy cannot tell apart",

  check(storage) {
    const reports: Report[] = [];
    const blank = (path: string, value: string | undefined, consequence: string) => {
      if (value !== undefined && value.trim() === "")
        reports.push({ path, info: `is blank; ${consequence}`, fix: "give a real value" });
    };
    const backend = `the backend gets an empty value and ${FALLBACK}`;
    blank("storage.region", storage.region, backend);
    blank(
      "storage.bucketPrefix",
      storage.bucketPrefix,
      `the five bucket names derived from it have no stem (${JSON.stringify(`${storage.bucketPrefix}-exports`)}, ...), which S3 and RGW refuse with "InvalidBucketName", so nothing could be stored`,
    );
    for (const purpose of BUCKET_PURPOSES) blank(`storage.buckets.${purpose}`, storage.buckets?.[purpose], backend);
    return reports;
  },
};
