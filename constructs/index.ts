// The construct library's root entry point (`convex-stack`): import these into your own cdktf stacks.
// Every name here is public contract (api/convex-stack.api.md); helpers the constructs share stay internal.
export { ConvexDeployment, type ConvexDeploymentProps, type HostPorts } from "./convex-deployment";
export { ConvexBackend, type ConvexBackendProps } from "./backend";
export { ConvexDashboard, type ConvexDashboardProps } from "./dashboard";
export { ConvexDataVolume, type ConvexDataVolumeProps } from "./data-volume";
export { ConvexNetwork, type ConvexNetworkProps } from "./network";
export {
  ConvexFrontDoor,
  type ConvexFrontDoorProps,
  type FrontDoorAcme,
  type FrontDoorDashboardAuth,
  type FrontDoorOptions,
  type FrontDoorPorts,
  type FrontDoorTls,
} from "./front-door";
export { Database, type HostFileMount, type SqlDatabaseProps } from "./database";
export { VolumeFingerprintGuard, type VolumeFingerprintGuardProps } from "./volume-fingerprint-guard";
export { DowngradeGuard, type DowngradeGuardProps } from "./downgrade-guard";
export { SecretVariables } from "./secret-variables";
export type { Environment } from "./environment";
export type { IStorageStrategy, StorageBindContext, StorageBinding, StorageOutput } from "./storage/storage-strategy";
export { LocalStorage } from "./storage/local-storage";
export { AwsS3, type AwsS3BucketProvisioning, type AwsS3Props } from "./storage/aws-s3";
export { CephViaGateway, type CephViaGatewayProps, type GatewayBucketProvisioning } from "./storage/ceph-via-gateway";
export { LocalPlusSync, type LocalPlusSyncProps } from "./storage/local-plus-sync";
export {
  RcloneSyncSidecar,
  type RcloneSyncSidecarProps,
  type SnapshotUpload,
  type SyncCredentials,
  type SyncTarget,
} from "./storage/sync-sidecar";
export { SqliteSnapshotSidecar, type SqliteSnapshotSidecarProps } from "./storage/database-snapshots";
// For a storage strategy of your own: the backend's S3 variables, emitted as the built-in strategies do.
export {
  BUCKET_VARIABLES,
  type S3Credentials,
  type S3EnvironmentProps,
  s3BackendEnvironment,
} from "./storage/s3-environment";
// S3Buckets and S3BucketAccess load provider-aws (slow, large), which every importer of this entry point
// would then pay for: they are the `aws` entry point (constructs/aws.ts); their prop types are named here.
export type { AwsBucketStore, GatewayBucketStore, S3BucketsProps } from "./storage/s3-bucket-stores";
export * from "./domain";
