import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { BUCKET_PURPOSES } from "../../config/schema";
import { bucketsFromPrefix } from "../../config/resolve";
import type { CheckResult } from "../../doctor/check";
import type { DoctorReport } from "../../doctor/report";

// The AWS SDK's notice about Node 20 support in 2027 is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** A variable the jest globalSetup sets; its absence fails the test loudly (never a silent skip). */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the integration tests through jest, whose globalSetup starts the real services`);
  return value;
}

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

/** A plain path-style client of the test RGW, for the tests' own setup and independent measurements. */
export function rgwClient(): S3Client {
  const { endpoint, accessKeyId, secretAccessKey } = rgw();
  return new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

export function uniqueName(stem: string): string {
  return `${stem}-${randomBytes(4).toString("hex")}`;
}

export async function createBuckets(client: S3Client, prefix: string): Promise<void> {
  const buckets = bucketsFromPrefix(prefix);
  for (const purpose of BUCKET_PURPOSES) await client.send(new CreateBucketCommand({ Bucket: buckets[purpose] }));
}

/** Empties and deletes the five buckets of a prefix. */
export async function deleteBuckets(client: S3Client, prefix: string): Promise<void> {
  const buckets = bucketsFromPrefix(prefix);
  for (const purpose of BUCKET_PURPOSES) await deleteBucket(client, buckets[purpose]);
}

export async function deleteBucket(client: S3Client, bucket: string): Promise<void> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  for (const object of listed.Contents ?? []) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: object.Key }));
  await client.send(new DeleteBucketCommand({ Bucket: bucket }));
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0 }, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Three distinct free ports for backend, site and dashboard. */
export async function freePorts(): Promise<{ backend: number; site: number; dashboard: number }> {
  const ports = new Set<number>();
  while (ports.size < 3) ports.add(await freePort());
  const [backend, site, dashboard] = [...ports];
  return { backend, site, dashboard };
}

/** One check of a report, by its exact name; fails the test if the doctor did not report it. */
export function checkOf(report: DoctorReport, name: string): CheckResult {
  const found = report.checks.find((c) => c.check === name);
  if (!found) throw new Error(`no check "${name}" in: ${report.checks.map((c) => c.check).join(", ")}`);
  return found;
}

export function checksStartingWith(report: DoctorReport, prefix: string): CheckResult[] {
  return report.checks.filter((c) => c.check.startsWith(prefix));
}

/** Writes a workspace object to a file of its own (for the command-line tests). */
export function writeWorkspaceFile(workspace: object, fileName = "workspace.json"): string {
  const file = join(mkdtempSync(join(tmpdir(), "convex-stack-doctor-")), fileName);
  writeFileSync(file, JSON.stringify(workspace, null, 2));
  return file;
}
