/**
 * Loads the bucket-provisioning constructs on first use. provider-aws is 390 MB and slow to load, and only
 * workspaces that create buckets need it: every other stack synthesizes without ever requiring it.
 */
export function loadS3Buckets(): typeof import("./s3-buckets") {
  return require("./s3-buckets") as typeof import("./s3-buckets");
}
