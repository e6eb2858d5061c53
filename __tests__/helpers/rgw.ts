import { randomBytes } from "node:crypto";
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import { bucketsFromPrefix } from "../../constructs/domain";
import { BUCKET_PURPOSES } from "../../constructs/domain";

// The AWS SDK's notice about Node 20 support in 2027 is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** A variable the jest globalSetup sets; its absence fails the test loudly (never a silent skip). */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: run the integration tests through jest, whose globalSetup starts the real services`,
    );
  return value;
}

/** The real Ceph RGW the globalSetup started. */
export function rgw(): { endpoint: string; accessKeyId: string; secretAccessKey: string } {
  return {
    endpoint: requireEnv("CONVEX_TEST_RGW_ENDPOINT"),
    accessKeyId: requireEnv("CONVEX_TEST_RGW_ACCESS_KEY"),
    secretAccessKey: requireEnv("CONVEX_TEST_RGW_SECRET_KEY"),
  };
}

/** The variables the deploy (and so the doctor) reads the storage credentials from. */
export function rgwStorageEnv(): NodeJS.ProcessEnv {
  const { accessKeyId, secretAccessKey } = rgw();
  return { TF_VAR_storage_access_key_id: accessKeyId, TF_VAR_storage_secret_access_key: secretAccessKey };
}

/** The standard AWS variables, for the test RGW: what terraform's S3 backend, the state guard and the doctor's state checks read. */
export function rgwAwsEnv(): NodeJS.ProcessEnv {
  const { accessKeyId, secretAccessKey } = rgw();
  return { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey };
}

/** A plain path-style client of the test RGW, for the tests' own setup and independent measurements. */
export function rgwClient(): S3Client {
  const { endpoint, accessKeyId, secretAccessKey } = rgw();
  return new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
    // This RGW rejects aws-chunked trailers (411 MissingContentLength), and sends no checksums to validate.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

/** A name (also a bucket name or prefix) no earlier run can have taken: the RGW may be reused. */
export function uniqueName(stem: string): string {
  return `${stem}-${randomBytes(4).toString("hex")}`;
}

export async function createBucket(client: S3Client, bucket: string): Promise<void> {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
}

/** The five buckets of a bucket prefix. */
export async function createBuckets(client: S3Client, prefix: string): Promise<void> {
  const buckets = bucketsFromPrefix(prefix);
  for (const purpose of BUCKET_PURPOSES) await createBucket(client, buckets[purpose]);
}

export async function listObjects(
  client: S3Client,
  bucket: string,
  prefix: string,
): Promise<Map<string, { size: number; etag: string; modified: number }>> {
  const objects = new Map<string, { size: number; etag: string; modified: number }>();
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? [])
      objects.set(o.Key!, { size: o.Size!, etag: o.ETag ?? "", modified: o.LastModified!.getTime() });
    token = page.NextContinuationToken;
  } while (token);
  return objects;
}

/** The text of an object, or undefined when there is none. */
export async function objectText(client: S3Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await answer.Body!.transformToString("utf8");
  } catch (error) {
    if ((error as { name?: string }).name === "NoSuchKey") return undefined;
    throw error;
  }
}

/** Deletes every object version, then the bucket (test clean-up; versioned or not). */
export async function deleteBucket(client: S3Client, bucket: string): Promise<void> {
  for (;;) {
    const page = await client.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    const keys = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({
      Key: v.Key!,
      VersionId: v.VersionId,
    }));
    if (keys.length === 0) break;
    await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
  }
  await client.send(new DeleteBucketCommand({ Bucket: bucket }));
}

/** Empties and deletes the five buckets of a bucket prefix. */
export async function deleteBuckets(client: S3Client, prefix: string): Promise<void> {
  const buckets = bucketsFromPrefix(prefix);
  for (const purpose of BUCKET_PURPOSES) await deleteBucket(client, buckets[purpose]);
}

/** Waits until an object exists (Terraform's lock file while an apply holds it), for up to a minute. */
export async function objectAppears(client: S3Client, bucket: string, key: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if ((await listObjects(client, bucket, key)).has(key)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`s3://${bucket}/${key} did not appear within 60 s`);
}
