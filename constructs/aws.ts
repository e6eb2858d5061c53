// The provider-aws parts of the library, as their own entry point (`convex-stack/aws`): importing the root
// never loads @cdktf/provider-aws (390 MB, seconds to load); only stacks that create buckets pay for it.
export * from "./storage/s3-bucket-access";
export * from "./storage/s3-buckets";
// Types their props name, so that this entry point alone lets a user write them down.
export type { BucketPurpose, Buckets } from "./domain";
export type { AwsBucketStore, GatewayBucketStore, S3BucketsProps } from "./storage/s3-bucket-stores";
export type { S3Credentials } from "./storage/s3-environment";
