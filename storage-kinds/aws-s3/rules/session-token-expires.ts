import type { StorageWorkspaceRule } from "../../../vocabulary/storage-kind";
import type { AwsS3Storage } from "../schema";

/**
 * A warning, not a refusal: temporary credentials work until they expire. The backend takes
 * AWS_SESSION_TOKEN from its environment, which is fixed when the container is created, through the SDK's
 * default chain (crates/aws_utils/src/lib.rs:70-126 at a9a760ca); nothing renews it.
 */
export const sessionTokenExpires: StorageWorkspaceRule<AwsS3Storage> = {
  id: "session-token-expires",
  stage: "workspace",
  level: "warning",
  doc: {
    finds:
      "`storage.sessionToken: true`: a temporary credential, fixed in the backend's environment when the container is created",
    prevents: "`ExpiredToken` on every file, module and export once it expires (nothing renews it)",
    fix: 'long-lived keys of a least-privilege user (`credentials: "provisionedIamUser"`), or an instance role (`"sdkDefaultChain"`, from 2026-04-09)',
    source: "crates/aws_utils/src/lib.rs:70-126 at a9a760ca",
  },

  check(storage) {
    if (!storage.sessionToken) return [];
    return [
      {
        path: "storage.sessionToken",
        info:
          "is true: TF_VAR_storage_session_token is a temporary credential (15 minutes to 36 hours, as STS issued it), fixed in the backend's environment when the container is created, and nothing renews it; " +
          'once it expires every file, module and export fails with "ExpiredToken" until the next deploy with a fresh one',
        fix:
          'use long-lived keys of a least-privilege user (credentials "provisionedIamUser" creates one), or an instance role (credentials "sdkDefaultChain", from revision ca1f91cd, 2026-04-09); ' +
          "`npm run doctor` shows when the token expires where it can tell",
      },
    ];
  },
};
