import { acknowledgementUnused } from "./acknowledgement-unused";
import { acknowledgementValid } from "./acknowledgement-valid";
import { bindSourceIsAFile } from "./bind-source-is-a-file";
import { bindSourcePath } from "./bind-source-path";
import { bucketNamesValid } from "./bucket-names-valid";
import { coderNamesGiven } from "./coder-names-given";
import { dashboardVersionMatches } from "./dashboard-version-matches";
import { databaseHostIsAHost } from "./database-host-is-a-host";
import { databaseUrl } from "./database-url";
import { duplicateKeys } from "./duplicate-keys";
import { imageHasS3Switches } from "./image-has-s3-switches";
import { inertText } from "./inert-text";
import { jsonSyntax } from "./json-syntax";
import { knobsReadByRevision } from "./knobs-read-by-revision";
import { memoryBelowMinimum } from "./memory-below-minimum";
import { noCrossWorkspaceCollisions } from "./no-cross-workspace-collisions";
import { noDowngrade } from "./no-downgrade";
import { noSecretsInFile } from "./no-secrets-in-file";
import { noSharedDataStores } from "./no-shared-data-stores";
import { pinnedVersion } from "./pinned-version";
import { portsDistinct } from "./ports-distinct";
import { proxyHostNames } from "./proxy-host-names";
import { proxyHostsDistinct } from "./proxy-hosts-distinct";
import { proxyKeepsPortsPrivate } from "./proxy-keeps-ports-private";
import { proxyNeedsPublicUrls } from "./proxy-needs-public-urls";
import { proxyUrlPort } from "./proxy-url-port";
import { proxyUrlsHttps } from "./proxy-urls-https";
import { publicUrlsDistinct } from "./public-urls-distinct";
import { publicUrlsOrCoder } from "./public-urls-or-coder";
import { publicUrlsReachable } from "./public-urls-reachable";
import { reachableFromContainers } from "./reachable-from-containers";
import { resourcesMatchContainers } from "./resources-match-containers";
import { retentionChange } from "./retention-change";
import { retiredField } from "./retired-field";
import { revisionDatesAgree } from "./revision-dates-agree";
import { revisionOnReleaseBranch } from "./revision-on-release-branch";
import { revisionPublished } from "./revision-published";
import type {
  AcknowledgementsRule,
  ConfigRule,
  CrossWorkspaceRule,
  FileRule,
  RuleInfo,
  RuleStage,
  WorkspaceRule,
} from "../../vocabulary/rule";
import { stateOutsideDataPrefixes } from "./state-outside-data-prefixes";
import { stateSizeLimit } from "./state-size-limit";
import { syncTargetNotShared } from "./sync-target-not-shared";
import { undatedRevision } from "./undated-revision";
import { volumeChange } from "./volume-change";
import { volumeGenerationOnlyUp } from "./volume-generation-only-up";
import { wildcardBindNeedsUrls } from "./wildcard-bind-needs-urls";
import { workspaceFileCopies } from "./workspace-file-copies";
import { workspaceFiles } from "./workspace-files";
import { workspaceSchemaRule } from "./workspace-schema";
import type { StorageKinds } from "../../vocabulary/storage-kinds";
import { STORAGE_KINDS } from "../storage-kinds";

/*
 * The registry: every rule that is not a storage kind's, once, in the order docs/rules.md lists them (it is
 * generated from catalogue() by `npm run schema`). Each list is run where its stage runs (config/rules/run.ts,
 * the guards). The rules of a storage kind are in its folder and listed by its kind (storage-kinds/).
 */

/** On the file as written; a file they refuse is not checked further (so nothing quotes a secret). */
export const FILE_RULES: readonly FileRule[] = [noSecretsInFile, inertText, retiredField];

/** Fields that must agree before anything is derived: a file they refuse makes no workspace. The acknowledgements come last. */
export const CONFIG_RULES: readonly ConfigRule[] = [
  publicUrlsOrCoder,
  coderNamesGiven,
  proxyNeedsPublicUrls,
  acknowledgementValid,
];

/** On each resolved workspace; errors refuse it, warnings are said (validate and synthesis on stderr, the doctor as `!` rows). */
export const WORKSPACE_RULES: readonly WorkspaceRule[] = [
  imageHasS3Switches,
  undatedRevision,
  revisionDatesAgree,
  knobsReadByRevision,
  dashboardVersionMatches,
  pinnedVersion,
  revisionOnReleaseBranch,
  revisionPublished,
  publicUrlsReachable,
  publicUrlsDistinct,
  wildcardBindNeedsUrls,
  portsDistinct,
  proxyUrlsHttps,
  proxyUrlPort,
  proxyHostNames,
  proxyHostsDistinct,
  proxyKeepsPortsPrivate,
  databaseHostIsAHost,
  databaseUrl,
  bindSourcePath,
  reachableFromContainers,
  bucketNamesValid,
  resourcesMatchContainers,
  memoryBelowMinimum,
];

export const CROSS_WORKSPACE_RULES: readonly CrossWorkspaceRule[] = [
  noCrossWorkspaceCollisions,
  syncTargetNotShared,
  noSharedDataStores,
  stateOutsideDataPrefixes,
];

export const ACKNOWLEDGEMENTS_RULES: readonly AcknowledgementsRule[] = [acknowledgementUnused];

/** Judged by the guards (guards/), which read what is deployed. */
const DEPLOYED_RULES: readonly RuleInfo[] = [
  stateSizeLimit,
  bindSourceIsAFile,
  volumeChange,
  volumeGenerationOnlyUp,
  noDowngrade,
  retentionChange,
];

/** Every rule, the reader's, the schema's and the storage kinds' included, each in its stage's place. */
export function catalogue(kinds: StorageKinds = STORAGE_KINDS): readonly RuleInfo[] {
  const ofStage = (stage: RuleStage) => kinds.rules.filter((rule) => rule.stage === stage);
  return [
    workspaceFiles,
    workspaceFileCopies,
    jsonSyntax,
    duplicateKeys,
    ...FILE_RULES,
    workspaceSchemaRule,
    ...CONFIG_RULES,
    ...ofStage("config"),
    ...WORKSPACE_RULES,
    ...ofStage("workspace"),
    ...CROSS_WORKSPACE_RULES,
    ...ACKNOWLEDGEMENTS_RULES,
    ...DEPLOYED_RULES,
  ];
}
