import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
} from "@aws-sdk/client-s3";
import { createBucket, deleteBucket, rgw, rgwAwsEnv, rgwClient, uniqueName } from "../helpers/rgw";
import { runTs } from "../helpers/run";
import { tempDir } from "../helpers/temp";

/* `npm run state-bucket`, the documented bootstrap of a state bucket, against the real Ceph RGW. */

const client = rgwClient();
const created: string[] = [];
const aws = rgwAwsEnv();

function workspaces(files: Record<string, object>): string {
  const dir = tempDir("i12-state-bucket-");
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(content));
  return dir;
}

function s3State(bucket: string) {
  created.push(bucket);
  return { backend: "s3", bucket, region: "us-east-1", endpoint: rgw().endpoint };
}

async function versioning(bucket: string): Promise<string | undefined> {
  return (await client.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status;
}

afterAll(async () => {
  for (const bucket of created) await deleteBucket(client, bucket).catch(() => undefined);
  client.destroy();
});

describe("npm run state-bucket", () => {
  it("creates the bucket of a workspace's state block, versioned, and prints the doctor's state checks", async () => {
    const bucket = uniqueName("i12-boot");
    const dir = workspaces({ team: { name: "team", state: s3State(bucket) } });
    const result = runTs("bin/state-bucket.ts", [join(dir, "team.json")], aws);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain(
      `state bucket ${bucket} (s3://${bucket}/convex-stack/team.tfstate at ${rgw().endpoint}): created, versioning on\n`,
    );
    expect(await versioning(bucket)).toBe("Enabled");
    expect(result.stdout).toMatch(/✔ state: bucket +\S+ answers/);
    expect(result.stdout).toMatch(/✔ state: versioning +on/);
    // Measured on Ceph RGW 16.2: versioned buckets ignore If-None-Match, so the bucket is ready but the lock is not exclusive.
    expect(result.stdout).toMatch(
      /✘ state: conditional writes +a second PUT with If-None-Match: \* of an existing key succeeded/,
    );
    expect(result.status).toBe(1);
  });

  it("brings an existing bucket to versioning, once per bucket however many workspaces share it", async () => {
    const bucket = uniqueName("i12-boot-shared");
    await createBucket(client, bucket);
    const dir = workspaces({
      a: { name: "a", state: s3State(bucket) },
      b: { name: "b", state: s3State(bucket) },
      local: { name: "local" },
    });
    const result = runTs("bin/state-bucket.ts", [dir], aws);
    expect(result.stdout.match(/^state bucket .*$/gm)).toEqual([
      `state bucket ${bucket} (s3://${bucket}/convex-stack/a.tfstate at ${rgw().endpoint}): exists, versioning on`,
    ]);
    expect(await versioning(bucket)).toBe("Enabled");
  });

  it("leaves a gateway's bucket without a public access block, with which Ceph RGW 16.2 refuses every PutObject", async () => {
    const bucket = uniqueName("i12-boot-block");
    runTs("bin/state-bucket.ts", [workspaces({ team: { name: "team", state: s3State(bucket) } })], aws);
    const unblocked = {
      BlockPublicAcls: false,
      IgnorePublicAcls: false,
      BlockPublicPolicy: false,
      RestrictPublicBuckets: false,
    };
    expect(
      (await client.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration,
    ).toEqual(unblocked);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: "convex-stack/team.tfstate", Body: "{}" }));
    const block = {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    };
    await client.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: block }));
    await expect(
      client.send(new PutObjectCommand({ Bucket: bucket, Key: "convex-stack/team.tfstate", Body: "{}" })),
    ).rejects.toMatchObject({ name: "AccessDenied" });
  });

  it("creates nothing with credentials the store refuses, and says why without printing them", async () => {
    const bucket = uniqueName("i12-boot-refused");
    const dir = workspaces({ team: { name: "team", state: s3State(bucket) } });
    const result = runTs("bin/state-bucket.ts", [dir], { ...aws, AWS_SECRET_ACCESS_KEY: "not-the-secret" });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      `state bucket ${bucket} (s3://${bucket}/convex-stack/team.tfstate at ${rgw().endpoint}): not ready: ${rgw().endpoint} refused the AWS credentials of this environment (SignatureDoesNotMatch)`,
    );
    expect(result.stdout + result.stderr).not.toContain("not-the-secret");
    await expect(client.send(new HeadBucketCommand({ Bucket: bucket }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
  });

  it("exits 2 when no workspace keeps its state in S3, or the file is not a workspace", () => {
    const none = runTs("bin/state-bucket.ts", [workspaces({ local: { name: "local" } })], aws);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('no workspace has "state": { "backend": "s3", ... }; nothing to create');
    const invalid = runTs(
      "bin/state-bucket.ts",
      [workspaces({ bad: { name: "bad", state: { backend: "s3", bucket: "Bad_Name", region: "us-east-1" } } })],
      aws,
    );
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toContain('state.bucket: got "Bad_Name": not a valid S3 bucket name');
  });
});
