import { BUCKET_VARIABLES, S3_KEY_VARIABLES, s3StartOf } from "../../../constructs/domain";
import type { StorageWorkspaceRule } from "../../../vocabulary/storage-kind";
import type { AwsS3Storage } from "../schema";

/**
 * credentials: "sdkDefaultChain" gives the backend no static keys. Entrypoints before 2026-04-09 demand
 * them before they use S3 (run_backend.sh:34-53 at a9a760ca) and otherwise start, silently, with local
 * storage in a volume labelled s3; a later image then refuses that database.
 */
export const entrypointStartsS3: StorageWorkspaceRule<AwsS3Storage> = {
  id: "entrypoint-starts-s3",
  stage: "workspace",
  level: "error",
  doc: {
    finds:
      '`credentials: "sdkDefaultChain"` on a revision whose entrypoint needs static keys for S3 (before 2026-04-09), or one it cannot date',
    prevents:
      "`Falling back to local storage.`, then on a later image `Database was initialized with Some(Local ...), but backend started up with S3.`",
    fix: "`terraformVariables` / `provisionedIamUser`, or a revision from 2026-04-09; see [backend-environment.md](backend-environment.md)",
    source:
      "self-hosted/docker-build/run_backend.sh:34-53 at a9a760ca; crates/model/src/database_globals/mod.rs:157 at a9a760ca",
  },
  cannotAcknowledge:
    "it protects the data: the volume would be labelled s3 while its database records local storage, which a later image refuses; the construct library refuses the same at synthesis",

  check(storage, ws) {
    if (storage.credentials !== "sdkDefaultChain") return [];
    const start = s3StartOf(ws.config.convex.version, new Set(["AWS_REGION", ...Object.values(BUCKET_VARIABLES)]));
    if (start.kind === "s3") return [];
    return [
      {
        path: "storage.credentials",
        info:
          `is "sdkDefaultChain", so the backend gets no ${S3_KEY_VARIABLES.join(" or ")}: ${start.why}. ` +
          'The volume would be labelled s3 while its database records local storage, and a later image that does start S3 refuses it ("Database was initialized with Some(Local { ... }), but backend started up with S3.")',
        fix:
          start.kind === "unknown"
            ? 'use credentials "terraformVariables" or "provisionedIamUser", or pin a dated revision from ca1f91cd (2026-04-09) on'
            : 'use credentials "terraformVariables" or "provisionedIamUser", or a revision from ca1f91cd (2026-04-09) on',
      },
    ];
  },
};
