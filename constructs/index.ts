// The construct library's root entry point: import these into your own cdktf stacks.
export * from "./backend";
export * from "./convex-deployment";
export * from "./dashboard";
export * from "./data-volume";
export * from "./database";
export * from "./downgrade-guard";
export * from "./environment";
export * from "./network";
export * from "./released-resource";
export * from "./secret-variables";
export * from "./storage/aws-s3";
export * from "./storage/ceph-via-gateway";
export * from "./storage/local-plus-sync";
export * from "./storage/local-storage";
export * from "./storage/s3-environment";
export * from "./storage/storage-strategy";
export * from "./storage/sync-sidecar";
// S3Buckets and S3BucketAccess load provider-aws (slow, large), which every importer of this entry point
// would then pay for: they are the `aws` entry point (constructs/aws.ts); their prop types are named here.
export type { AwsBucketStore, GatewayBucketStore, S3BucketsProps } from "./storage/s3-buckets";
export * from "./volume-fingerprint-guard";
export * from "./domain";
