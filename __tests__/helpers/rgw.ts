import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";

/** The real Ceph RGW global-setup started; fails loudly when it is not configured. */
export function rgw(): { endpoint: string; accessKey: string; secretKey: string } {
  const endpoint = process.env.CONVEX_TEST_RGW_ENDPOINT;
  const accessKey = process.env.CONVEX_TEST_RGW_ACCESS_KEY;
  const secretKey = process.env.CONVEX_TEST_RGW_SECRET_KEY;
  if (!endpoint || !accessKey || !secretKey) throw new Error("CONVEX_TEST_RGW_* are not set: run through jest (its globalSetup starts the RGW)");
  return { endpoint, accessKey, secretKey };
}

export function rgwClient(): S3Client {
  const { endpoint, accessKey, secretKey } = rgw();
  return new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: accessKey, secretAccessKey: secretKey },
    // This RGW rejects aws-chunked trailers (411 MissingContentLength).
    requestChecksumCalculation: "WHEN_REQUIRED",
  });
}

/** A bucket name no earlier run (the RGW may be reused) can have taken. */
export function uniqueBucketPrefix(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

export async function createBucket(client: S3Client, bucket: string): Promise<void> {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
}

export async function listObjects(client: S3Client, bucket: string, prefix: string): Promise<Map<string, { size: number; etag: string; modified: number }>> {
  const objects = new Map<string, { size: number; etag: string; modified: number }>();
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) objects.set(o.Key!, { size: o.Size!, etag: o.ETag ?? "", modified: o.LastModified!.getTime() });
    token = page.NextContinuationToken;
  } while (token);
  return objects;
}

/** Deletes every object version, then the bucket (test clean-up). */
export async function deleteBucket(client: S3Client, bucket: string): Promise<void> {
  for (;;) {
    const page = await client.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    const keys = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({ Key: v.Key!, VersionId: v.VersionId }));
    if (keys.length === 0) break;
    await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
  }
  await client.send(new DeleteBucketCommand({ Bucket: bucket }));
}
