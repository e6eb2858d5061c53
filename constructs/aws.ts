// `convex-stack/aws`: the provider-aws parts of the library, as their own entry point. Importing the root
// never loads @cdktf/provider-aws (390 MB, seconds to load); only stacks that create buckets pay for it.
export {
  BACKEND_BUCKET_ACTIONS,
  BACKEND_OBJECT_ACTIONS,
  S3BucketAccess,
  type S3BucketAccessProps,
} from "./storage/s3-bucket-access";
export { S3Buckets } from "./storage/s3-buckets";
// Types their props name, so that this entry point alone lets a user write them down.
export type { BucketPurpose, Buckets } from "./domain/buckets";
export type { AwsBucketStore, GatewayBucketStore, S3BucketsProps } from "./storage/s3-bucket-stores";
export type { S3Credentials } from "./storage/s3-environment";
