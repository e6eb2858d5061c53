import { InvalidPropsError } from "../domain/errors";

/**
 * Loads the bucket-provisioning constructs on first use. provider-aws is 390 MB and slow to load, and only
 * deployments that create buckets need it: every other stack synthesizes without ever requiring it, and a
 * project that never provisions buckets need not install it (it is an optional peer dependency).
 */
export function loadS3Buckets(): typeof import("./s3-buckets") {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (see above); import() would make every caller async
    return require("./s3-buckets") as typeof import("./s3-buckets");
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    if (code === "MODULE_NOT_FOUND" && message?.includes("@cdktf/provider-aws")) {
      throw new InvalidPropsError(
        "provisionBuckets creates the buckets with @cdktf/provider-aws, which is not installed: npm install @cdktf/provider-aws@^20.1.0",
        { cause: error },
      );
    }
    throw error;
  }
}
