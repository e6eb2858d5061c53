// The provider-aws parts of the library, as their own entry point (`convex-stack/aws`): importing the root
// never loads @cdktf/provider-aws (390 MB, seconds to load); only stacks that create buckets pay for it.
export * from "./storage/s3-bucket-access";
export * from "./storage/s3-buckets";
