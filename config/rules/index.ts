import { bucketNamesValid, bucketsDistinct } from "./buckets";
import { databaseHostIsAHost, databaseUrlUsable } from "./database";
import { imageHasS3Switches } from "./image-revision";
import { noCollisionsBetweenWorkspaces, portsDistinctWithinWorkspace } from "./port-collisions";
import { publicUrlsDistinct, publicUrlsReachable } from "./public-urls";
import type { CrossWorkspaceRule, FileRule, WorkspaceRule } from "./rule";
import { gatewayWithoutChecksums, gatewayWithoutSse } from "./s3-gateway-switches";
import { s3SettingsComplete } from "./s3-settings-complete";
import { inertText } from "./inert-text";
import { noSecretsInFile } from "./secrets-in-file";
import { noSharedDataStores } from "./shared-data-stores";
import { syncTargetsNotShared } from "./sync-targets";
import { dashboardVersionMatches, pinnedVersion } from "./versions";

export type { CrossWorkspaceRule, FileRule, RuleContext, WorkspaceRule } from "./rule";

/** Rules on the file as written; a file they refuse is not checked further (so nothing quotes a secret). */
export const FILE_RULES: readonly FileRule[] = [noSecretsInFile, inertText];

/** Every per-workspace rule, in the order the README's catalogue lists them. */
export const WORKSPACE_RULES: readonly WorkspaceRule[] = [
  gatewayWithoutSse,
  gatewayWithoutChecksums,
  imageHasS3Switches,
  s3SettingsComplete,
  dashboardVersionMatches,
  pinnedVersion,
  publicUrlsReachable,
  publicUrlsDistinct,
  portsDistinctWithinWorkspace,
  databaseHostIsAHost,
  databaseUrlUsable,
  bucketNamesValid,
  bucketsDistinct,
];

export const CROSS_WORKSPACE_RULES: readonly CrossWorkspaceRule[] = [noCollisionsBetweenWorkspaces, syncTargetsNotShared, noSharedDataStores];
