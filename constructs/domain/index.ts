// `convex-stack/domain`: the library's pure functions, for a user (or a configuration layer such as this
// repository's app) who wants to know before synthesis what the constructs will do with their props: the
// defaults and rules they apply, the names they give, the fingerprint they record on the data volume and the
// explanation of a change that would lose its data, what each upstream revision reads. No cdktf here: this
// entry point loads without a construct. Everything else in this folder is internal to the library.

// Defaults, bounds and value rules: what the constructs apply to their props.
export { DEFAULTS, LIMITS, type NumberRange } from "./defaults";
export { FORMATS } from "./formats";
export { INERT_CHARACTERS, type PatternCheck, formatProblem, type ValueFormat } from "./patterns";
export { InvalidPropsError } from "./errors";

// Names the constructs give.
export {
  databaseNameFor,
  defaultInstanceName,
  defaultSyncPrefix,
  type PublicUrls,
  type ResourceNames,
  resourceNames,
} from "./names";
export { BACKEND_IMAGE } from "./images";
export { DATA_MOUNT_PATH, LABEL_PREFIX } from "./defaults";

// What every container gets: limits, bounded logs, a healthcheck.
export {
  type ContainerResources,
  type ContainerRole,
  type DeploymentResources,
  MEMORY_MINIMUMS,
  type MemoryMinimum,
  resourceProblems,
  SIDECAR_RESOURCES,
} from "./resources";
export { type ContainerLogging, type LogDriver, LOG_DRIVERS, logSettings, loggingProblems } from "./logging";
export {
  BACKEND_HEALTHCHECK,
  DASHBOARD_HEALTHCHECK,
  type Healthcheck,
  proxyHealthcheck,
  SIDECAR_HEALTHCHECK,
} from "./healthchecks";

// The front door: how it reads a public URL.
export { type DoorHostKind, type DoorUrl, doorUrlFor, doorUrlOf } from "./front-door-url";

// Buckets.
export {
  type BucketChoice,
  type BucketPurpose,
  type Buckets,
  BUCKET_PURPOSES,
  BUCKET_VARIABLES,
  bucketsFromPrefix,
  bucketsOf,
} from "./buckets";

// The volume fingerprint and the changes that would lose the volume's data.
export {
  FINGERPRINT_FIELDS,
  fingerprintFromLabels,
  fingerprintLabels,
  LOCAL_LOCATION,
  missingLabels,
  s3Location,
  type S3StoreLocation,
  type VolumeFingerprint,
  volumeFingerprint,
  type VolumeFingerprintParts,
} from "./fingerprint";
export { canonicalEndpoint } from "./identity";
export {
  type GuardedField,
  type GuardedSettingNames,
  type VolumeChange,
  volumeChangeExplanation,
  volumeChanges,
  type VolumeChangeWording,
  volumeMoveSteps,
  type VolumeRef,
} from "./volume-change";

// Upstream revisions: the catalogue (every release, its evidence of publication, every fact by revision),
// their dates and order, and what each reads.
export {
  type CatalogueEntry,
  catalogueEntries,
  catalogueEntry,
  describeEvidence,
  describeNewestRelease,
  type EvidenceText,
  type FactAt,
  factAt,
  type FactChange,
  factChanges,
  factKeys,
  firstPublishedRelease,
  type JournalModeAt,
  newestRelease,
  offReleaseRefs,
  offReleaseRevisions,
  type Publication,
  publicationOf,
  type SqliteJournalMode,
  sqliteJournalModeAt,
  sqliteJournalModesUsed,
} from "./upstream-catalogue";
export { KNOWN_REVISIONS, revisionUrl } from "./upstream-revisions";
export { compareRevisions, dateRevision, type RevisionDating, RevisionOrder } from "./revision-order";
export {
  contractAt,
  type DatedRevision,
  describeRevision,
  describeRevisionsReading,
  type RevisionContract,
  S3_KEY_VARIABLES,
} from "./upstream-contract";
export { knobEnvironment, type Reading, readingOf } from "./knob-environment";
export {
  type BackendKnobs,
  DEFAULT_KNOBS,
  describeUpstreamDefaults,
  KnobForm,
  KNOBS,
  type KnobSpec,
  KnobType,
  LogFormat,
  RustBacktrace,
  upstreamDefaultAt,
} from "./knobs";
export { type S3Start, s3StartOf } from "./s3-entrypoint";

// The dashboard's variables, and which of them the constructs set.
export { DashboardRead, type DashboardVariable, DASHBOARD_VARIABLES } from "./dashboard-variables";

// PostgreSQL: the URL the backend gets, and the connection it makes from it.
export {
  type BackendPostgresConnection,
  backendPostgresConnection,
  emittedPostgresUrl,
  POSTGRES_TLS_OFF_PARAMETER,
  PostgresSslMode,
} from "./postgres-tls";

// Secrets and backups.
export {
  INSTANCE_SECRET_ALLOWED,
  INSTANCE_SECRET_PATTERN,
  SECRET_VARIABLES,
  type SecretName,
  type SecretSpec,
  secretEnvName,
} from "./secrets";
export {
  SIDECAR_LAST_RUN_FILE,
  SIDECAR_RUN_STARTED_FILE,
  SNAPSHOT_COMMAND_LABEL,
  SNAPSHOT_LAYOUT,
  SYNC_COMMAND_LABEL,
  snapshotTime,
} from "./snapshots";

// Text from outside (a state, an engine, a bucket, a prop) as a message may show it, and what no string of a
// configuration may hold.
export { printable, type PrintableOptions } from "./printable";
export { textHazard } from "./inert-text";
export { secretShapeOf, type SecretShape } from "./secret-shapes";
