import { bucketNamesValid, bucketsDistinct } from "./buckets";
import { databaseHostIsAHost, databaseUrlUsable } from "./database";
import { imageHasS3Switches } from "./image-revision";
import { noCollisionsBetweenWorkspaces, portsDistinctWithinWorkspace } from "./port-collisions";
import { publicUrlsDistinct, publicUrlsReachable } from "./public-urls";
import type { CrossWorkspaceRule, FileRule, WorkspaceRule } from "./rule";
import { gatewayWithoutChecksums, gatewayWithoutSse } from "./s3-gateway-switches";
import { s3SettingsComplete } from "./s3-settings-complete";
import { inertText } from "./inert-text";
import { entrypointStartsS3, knobsReadByRevision, rangePrefetchReadByRevision } from "./revision-reads";
import { noSecretsInFile } from "./secrets-in-file";
import { sessionTokenExpires } from "./session-token";
import { noSharedDataStores } from "./shared-data-stores";
import { syncTargetsNotShared } from "./sync-targets";
import { dashboardVersionMatches, pinnedVersion } from "./versions";
import { wildcardBindNeedsUrls } from "./wildcard-bind";

export type { CrossWorkspaceRule, FileRule, RuleContext, WorkspaceRule } from "./rule";

/** Rules on the file as written; a file they refuse is not checked further (so nothing quotes a secret). */
export const FILE_RULES: readonly FileRule[] = [noSecretsInFile, inertText];

/** Every per-workspace rule, in the order the catalogue in docs/rules.md lists them. */
export const WORKSPACE_RULES: readonly WorkspaceRule[] = [
  gatewayWithoutSse,
  gatewayWithoutChecksums,
  imageHasS3Switches,
  entrypointStartsS3,
  rangePrefetchReadByRevision,
  knobsReadByRevision,
  s3SettingsComplete,
  dashboardVersionMatches,
  pinnedVersion,
  publicUrlsReachable,
  publicUrlsDistinct,
  wildcardBindNeedsUrls,
  portsDistinctWithinWorkspace,
  databaseHostIsAHost,
  databaseUrlUsable,
  bucketNamesValid,
  bucketsDistinct,
];

/**
 * Per-workspace checks whose findings are warnings: what they find works today and breaks later. validate
 * and synthesis print them on stderr and go on; the doctor shows them as `!` rows.
 */
export const WORKSPACE_WARNINGS: readonly WorkspaceRule[] = [sessionTokenExpires];

export const CROSS_WORKSPACE_RULES: readonly CrossWorkspaceRule[] = [noCollisionsBetweenWorkspaces, syncTargetsNotShared, noSharedDataStores];
