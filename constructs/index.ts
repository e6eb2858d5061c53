// `convex-stack`: what a cdktf user composes. The constructs and their props, the storage strategies, and the
// error they refuse props with. Every name here is public contract (api/convex-stack.api.md); the pure functions
// (defaults, rules, names, the volume fingerprint, upstream revisions) are `convex-stack/domain`, bucket
// provisioning is `convex-stack/aws`, and everything else is internal.

// The deployment, and the constructs it is made of (each usable on its own).
export { ConvexDeployment, type ConvexDeploymentProps, type HostPorts } from "./convex-deployment";
export { ConvexBackend, type ConvexBackendProps } from "./backend";
export { ConvexDashboard, type ConvexDashboardProps } from "./dashboard";
export { ConvexDataVolume, type ConvexDataVolumeProps } from "./data-volume";
export { ConvexNetwork, type ConvexNetworkProps } from "./network";
export { ConvexFrontDoor, type ConvexFrontDoorProps } from "./front-door";
export { Database, type SqlDatabaseProps } from "./database";
export { VolumeFingerprintGuard, type VolumeFingerprintGuardProps } from "./volume-fingerprint-guard";
export { DowngradeGuard, type DowngradeGuardProps } from "./downgrade-guard";
export { SecretVariables } from "./secret-variables";

// Storage strategies, and the interface a strategy of your own implements.
export type {
  DeploymentOutput,
  IStorageStrategy,
  StorageBindContext,
  StorageBinding,
} from "./storage/storage-strategy";
export { LocalStorage } from "./storage/local-storage";
export { AwsS3, type AwsS3Props } from "./storage/aws-s3";
export { CephViaGateway, type CephViaGatewayProps } from "./storage/ceph-via-gateway";
export { LocalPlusSync, type LocalPlusSyncProps } from "./storage/local-plus-sync";
export type { SyncTarget } from "./storage/sync-sidecar";
export type { S3Credentials } from "./storage/s3-environment";

// Types the props and attributes above name.
export type { BucketChoice, Buckets } from "./domain/buckets";
export type { PublicUrls, ResourceNames } from "./domain/names";
export type { VolumeFingerprint } from "./domain/fingerprint";
export type { GuardedSettingNames, VolumeChangeWording } from "./domain/volume-change";
export { type BackendKnobs, LogFormat, RustBacktrace } from "./domain/knobs";
export type { SecretName } from "./domain/secrets";

// What a construct throws for props it refuses.
export { InvalidPropsError } from "./domain/errors";
