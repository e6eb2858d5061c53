import { acknowledgementUnused } from "./acknowledgement-unused";
import { acknowledgementValid } from "./acknowledgement-valid";
import { bucketChoice } from "./bucket-choice";
import { bucketNamesValid } from "./bucket-names-valid";
import { bucketsDistinct } from "./buckets-distinct";
import { coderNamesGiven } from "./coder-names-given";
import { dashboardVersionMatches } from "./dashboard-version-matches";
import { databaseHostIsAHost } from "./database-host-is-a-host";
import { databaseUrl } from "./database-url";
import { duplicateKeys } from "./duplicate-keys";
import { entrypointStartsS3 } from "./entrypoint-starts-s3";
import { gatewayChecksumsOff } from "./gateway-checksums-off";
import { gatewaySseOff } from "./gateway-sse-off";
import { iamUserNeedsProvisioning } from "./iam-user-needs-provisioning";
import { imageHasS3Switches } from "./image-has-s3-switches";
import { inertText } from "./inert-text";
import { jsonSyntax } from "./json-syntax";
import { keepSnapshotsNeedsSqlite } from "./keep-snapshots-needs-sqlite";
import { knobsReadByRevision } from "./knobs-read-by-revision";
import { noCrossWorkspaceCollisions } from "./no-cross-workspace-collisions";
import { noDowngrade } from "./no-downgrade";
import { noSecretsInFile } from "./no-secrets-in-file";
import { noSharedDataStores } from "./no-shared-data-stores";
import { pinnedVersion } from "./pinned-version";
import { portsDistinct } from "./ports-distinct";
import { publicUrlsDistinct } from "./public-urls-distinct";
import { publicUrlsOrCoder } from "./public-urls-or-coder";
import { publicUrlsReachable } from "./public-urls-reachable";
import { rangePrefetchReadByRevision } from "./range-prefetch-read-by-revision";
import { retentionChange } from "./retention-change";
import { retiredField } from "./retired-field";
import { revisionDatesAgree } from "./revision-dates-agree";
import type { AcknowledgementsRule, ConfigRule, CrossWorkspaceRule, FileRule, RuleInfo, WorkspaceRule } from "./rule";
import { s3SettingsComplete } from "./s3-settings-complete";
import { sessionTokenExpires } from "./session-token-expires";
import { sessionTokenNeedsStaticKeys } from "./session-token-needs-static-keys";
import { syncTargetNotShared } from "./sync-target-not-shared";
import { undatedRevision } from "./undated-revision";
import { versioningNeedsProvisioning } from "./versioning-needs-provisioning";
import { volumeChange } from "./volume-change";
import { volumeGenerationOnlyUp } from "./volume-generation-only-up";
import { wildcardBindNeedsUrls } from "./wildcard-bind-needs-urls";
import { workspaceFiles } from "./workspace-files";
import { workspaceSchemaRule } from "./workspace-schema";

export type * from "./rule";

/*
 * The registry: every rule, once, in the order docs/rules.md lists them (it is generated from CATALOGUE by
 * `npm run schema`). Each list is run where its stage runs (config/rules/run.ts, the guards).
 */

/** On the file as written; a file they refuse is not checked further (so nothing quotes a secret). */
export const FILE_RULES: readonly FileRule[] = [noSecretsInFile, inertText, retiredField];

/** Fields that must agree before anything is derived: a file they refuse makes no workspace. */
export const CONFIG_RULES: readonly ConfigRule[] = [
  publicUrlsOrCoder,
  coderNamesGiven,
  bucketChoice,
  versioningNeedsProvisioning,
  iamUserNeedsProvisioning,
  sessionTokenNeedsStaticKeys,
  keepSnapshotsNeedsSqlite,
  acknowledgementValid,
];

/** On each resolved workspace; errors refuse it, warnings are said (validate and synthesis on stderr, the doctor as `!` rows). */
export const WORKSPACE_RULES: readonly WorkspaceRule[] = [
  gatewaySseOff,
  gatewayChecksumsOff,
  imageHasS3Switches,
  undatedRevision,
  revisionDatesAgree,
  entrypointStartsS3,
  rangePrefetchReadByRevision,
  knobsReadByRevision,
  s3SettingsComplete,
  dashboardVersionMatches,
  pinnedVersion,
  publicUrlsReachable,
  publicUrlsDistinct,
  wildcardBindNeedsUrls,
  portsDistinct,
  databaseHostIsAHost,
  databaseUrl,
  bucketNamesValid,
  bucketsDistinct,
  sessionTokenExpires,
];

export const CROSS_WORKSPACE_RULES: readonly CrossWorkspaceRule[] = [noCrossWorkspaceCollisions, syncTargetNotShared, noSharedDataStores];

export const ACKNOWLEDGEMENTS_RULES: readonly AcknowledgementsRule[] = [acknowledgementUnused];

/** Judged by the guards (guards/), which read what is deployed. */
export const DEPLOYED_RULES: readonly RuleInfo[] = [volumeChange, volumeGenerationOnlyUp, noDowngrade, retentionChange];

/** Every rule, the reader's and the schema's included. */
export const CATALOGUE: readonly RuleInfo[] = [
  workspaceFiles,
  jsonSyntax,
  duplicateKeys,
  ...FILE_RULES,
  workspaceSchemaRule,
  ...CONFIG_RULES,
  ...WORKSPACE_RULES,
  ...CROSS_WORKSPACE_RULES,
  ...ACKNOWLEDGEMENTS_RULES,
  ...DEPLOYED_RULES,
];
