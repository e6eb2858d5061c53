import type { Problem } from "../problems";
import { BUCKET_PURPOSES } from "../schema";
import type { WorkspaceRule } from "./rule";

const FALLBACK =
  'the entrypoint then prints "Warning: Some AWS/S3 environment variables are missing. Falling back to local storage." and the backend silently keeps every file in the volume';

/**
 * S3 mode needs AWS_REGION and all five buckets non-empty. The schema and resolve.ts refuse missing and
 * empty ones; this catches values that are present but blank, and a gateway sync target without an endpoint.
 */
export const s3SettingsComplete: WorkspaceRule = {
  id: "s3-settings-complete",
  check(ws) {
    const storage = ws.config.storage;
    const problems: Problem[] = [];
    const blank = (path: string, value: string | undefined) => {
      if (value !== undefined && value.trim() === "") {
        problems.push({ file: ws.file, path, message: `is blank; the backend gets an empty value and ${FALLBACK}. Give a real value` });
      }
    };
    if (storage.kind === "AwsS3" || storage.kind === "CephViaGateway") {
      blank("storage.region", storage.region);
      blank("storage.bucketPrefix", storage.bucketPrefix);
      for (const purpose of BUCKET_PURPOSES) blank(`storage.buckets.${purpose}`, storage.buckets?.[purpose]);
    }
    if (storage.kind === "LocalPlusSync") {
      const target = storage.target;
      blank("storage.target.region", target.region);
      blank("storage.target.bucket", target.bucket);
      if (target.kind === "CephViaGateway" && !target.endpoint) {
        problems.push({
          file: ws.file,
          path: "storage.target.endpoint",
          message:
            "is required for a CephViaGateway target: it is the only way the sync sidecar finds your gateway. Give the gateway's URL (e.g. http://rgw.example.internal:7480), or use target.kind AwsS3 for a bucket on AWS",
        });
      }
    }
    return problems;
  },
};
