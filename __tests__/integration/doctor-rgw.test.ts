import { expect } from "@jest/globals";
import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { bucketsFromPrefix } from "../../constructs/domain";
import type { WorkspaceFile } from "../../vocabulary/workspace-schema";
import { runDoctor } from "../../doctor";
import { DOCTOR_PREFIX } from "../../probes/s3-probe";
import { checkOf, checksStartingWith, freePort, freePorts } from "../helpers/doctor";
import {
  createBuckets,
  deleteBucket,
  deleteBuckets,
  requireEnv,
  rgw,
  rgwClient,
  rgwStorageEnv,
  uniqueName,
} from "../helpers/rgw";
import { workspace, workspaceIgnoringRules } from "../helpers/workspaces";

/* The doctor against a real Ceph RGW (started by the jest globalSetup): its verdicts must be what the gateway does. */

const client = rgwClient();
const prefix = uniqueName("doctor");
const buckets = bucketsFromPrefix(prefix);

beforeAll(async () => {
  rgw(); // fails loudly when the RGW is not there
  await createBuckets(client, prefix);
});

/** The temporary buckets this file's doctor runs said they measured in: the only ones they may create. */
const temporaryBuckets = new Set<string>();

/** The names of the store's buckets now. Other runs share the store, so only this run's are compared. */
async function bucketNames(): Promise<string[]> {
  return ((await client.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name!);
}

afterAll(async () => {
  // None of the doctor's temporary buckets may be left behind by any test of this file.
  const leftovers = (await bucketNames()).filter((name) => temporaryBuckets.has(name));
  for (const bucket of leftovers) await deleteBucket(client, bucket);
  await deleteBuckets(client, prefix);
  client.destroy();
  expect(leftovers).toEqual([]);
});

/** As the doctor loads it: a workspace the rules refuse (SSE on, ...) is still measured against the gateway. */
async function cephWorkspace(storage: Record<string, unknown> = {}, extra: Partial<WorkspaceFile> = {}) {
  return workspaceIgnoringRules({
    name: uniqueName("ceph"),
    network: { ports: await freePorts() },
    storage: { kind: "CephViaGateway", endpoint: rgw().endpoint, bucketPrefix: prefix, ...storage },
    ...extra,
  });
}

describe("doctor against a real Ceph RGW", () => {
  it("passes a CephViaGateway workspace with the defaults", async () => {
    const report = await runDoctor(await cephWorkspace(), { env: rgwStorageEnv() });
    const storage = checksStartingWith(report, "storage:");
    expect(storage.map((c) => c.check)).toEqual([
      "storage: credentials",
      "storage: buckets",
      "storage: uploads",
      "storage: serverSideEncryption",
      "storage: checksums",
      "storage: rangePrefetch",
      "storage: addressing",
      "storage: clean-up",
    ]);
    expect(storage.filter((c) => c.status !== "pass")).toEqual([]);
    expect(report.checks.filter((c) => c.status === "fail")).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it("names the problem and the fix when a workspace wrongly turns SSE on", async () => {
    const ws = await cephWorkspace({ serverSideEncryption: true });
    const report = await runDoctor(ws, { env: rgwStorageEnv() });
    expect(checkOf(report, "storage: serverSideEncryption")).toEqual({
      check: "storage: serverSideEncryption",
      status: "fail",
      detail:
        "serverSideEncryption must be false here: the endpoint answered HTTP 400 InvalidRequest to x-amz-server-side-encryption; " +
        "the workspace file has true (storage.serverSideEncryption)",
      fix: `set "serverSideEncryption": false in "storage" of ${ws.file}`,
    });
    // What validate would refuse comes first, from the rule, with the live measurement after it.
    expect(report.checks[0]).toEqual({
      check: "config: gateway-sse-off",
      status: "fail",
      detail: expect.stringMatching(
        /^storage\.serverSideEncryption is true with CephViaGateway: .*\(InvalidArgument\).*could be stored$/,
      ),
      fix: expect.stringMatching(
        /^remove the field \(CephViaGateway's default false emits AWS_S3_DISABLE_SSE=true\); encrypt at rest in the gateway itself if you need it\. If your gateway has a KMS .*acknowledge rule gateway-sse-off/,
      ),
    });
    expect(report.ok).toBe(false);
  });

  it("names the checksums setting the gateway cannot honour", async () => {
    const report = await runDoctor(await cephWorkspace({ checksums: true }), { env: rgwStorageEnv() });
    const checksums = checkOf(report, "storage: checksums");
    expect(checksums.status).toBe("fail");
    expect(checksums.detail).toMatch(/^checksums must be false here: UploadPart answered without x-amz-checksum-crc32/);
    expect(checksums.fix).toMatch(/set "checksums": false/);
    expect(report.ok).toBe(false);
  });

  it("reaches verdicts that match what the gateway really answers", async () => {
    // Independent measurements with the plain SDK, request by request.
    const key = `${uniqueName("measure")}/object`;
    const sse = await client
      .send(new CreateMultipartUploadCommand({ Bucket: buckets.files, Key: key, ServerSideEncryption: "AES256" }))
      .then((r) =>
        client
          .send(new AbortMultipartUploadCommand({ Bucket: buckets.files, Key: key, UploadId: r.UploadId }))
          .then(() => "accepted"),
      )
      .catch((error: Error) => error.name);
    const upload = await client.send(
      new CreateMultipartUploadCommand({ Bucket: buckets.files, Key: key, ChecksumAlgorithm: "CRC32" }),
    );
    const part = await client.send(
      new UploadPartCommand({
        Bucket: buckets.files,
        Key: key,
        UploadId: upload.UploadId,
        PartNumber: 1,
        Body: Buffer.from("x".repeat(100)),
        ChecksumAlgorithm: "CRC32",
      }),
    );
    await client.send(new AbortMultipartUploadCommand({ Bucket: buckets.files, Key: key, UploadId: upload.UploadId }));
    await client.send(new PutObjectCommand({ Bucket: buckets.files, Key: key, Body: Buffer.from("0123456789abcdef") }));
    const ranged = await client.send(new GetObjectCommand({ Bucket: buckets.files, Key: key, Range: "bytes=0-9" }));
    await ranged.Body!.transformToByteArray();
    await client.send(new DeleteObjectCommand({ Bucket: buckets.files, Key: key }));
    const pathStyle = await client.send(new HeadBucketCommand({ Bucket: buckets.files })).then(
      () => true,
      () => false,
    );

    // What Ceph RGW 16 without a KMS does: refuses SSE, drops part checksums, answers ranges, takes path-style.
    expect(sse).toBe("InvalidRequest");
    expect(part.ChecksumCRC32).toBeUndefined();
    expect(ranged.ContentRange).toBe("bytes 0-9/16");
    expect(pathStyle).toBe(true);

    // The doctor, given the backend's defaults (SSE and checksums on), must reach the same conclusions.
    const report = await runDoctor(
      await cephWorkspace({ serverSideEncryption: true, checksums: true, rangePrefetch: true }),
      {
        env: rgwStorageEnv(),
      },
    );
    expect(checkOf(report, "storage: serverSideEncryption")).toMatchObject({
      status: "fail",
      detail: expect.stringContaining(`answered HTTP 400 ${sse}`),
    });
    expect(checkOf(report, "storage: checksums")).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("without x-amz-checksum-crc32"),
    });
    expect(checkOf(report, "storage: rangePrefetch")).toMatchObject({
      status: "pass",
      detail: expect.stringMatching(/answered Content-Range: bytes 0-9\/\d+/),
    });
    expect(checkOf(report, "storage: addressing")).toMatchObject({
      status: "pass",
      detail: expect.stringMatching(/^path-style \(what the backend sends\): works;/),
    });
    expect(checkOf(report, "storage: uploads").detail).toContain(
      "SSE AES256 + CRC32: create refused: HTTP 400 InvalidRequest",
    );
  });

  it("reports virtual-host addressing against an IP-address endpoint as not available instead of failing", async () => {
    const report = await runDoctor(await cephWorkspace(), { env: rgwStorageEnv() });
    expect(checkOf(report, "storage: addressing").detail).toMatch(/virtual-host: not available/);
  });

  it("removes every object, upload and bucket it created", async () => {
    const before = new Set(await bucketNames());
    const report = await runDoctor(await cephWorkspace({ serverSideEncryption: true, checksums: true }), {
      env: rgwStorageEnv(),
    });
    const objects = await client.send(new ListObjectsV2Command({ Bucket: buckets.files, Prefix: `${DOCTOR_PREFIX}/` }));
    const uploads = await client.send(
      new ListMultipartUploadsCommand({ Bucket: buckets.files, Prefix: `${DOCTOR_PREFIX}/` }),
    );
    expect(objects.KeyCount).toBe(0);
    expect(uploads.Uploads ?? []).toEqual([]);
    // The buckets exist, so it measures in them and creates none (other runs may add or remove theirs meanwhile).
    expect(checkOf(report, "storage: uploads").detail).not.toContain("temporary bucket");
    const appeared = (await bucketNames()).filter((name) => !before.has(name) && name.startsWith(`${DOCTOR_PREFIX}-`));
    expect(appeared).toEqual([]);
  });

  it("measures in a temporary bucket, then removes it, when the deploy will create the buckets", async () => {
    const report = await runDoctor(
      await cephWorkspace({ bucketPrefix: uniqueName("absent"), provisionBuckets: true }),
      { env: rgwStorageEnv() },
    );
    expect(checkOf(report, "storage: buckets")).toMatchObject({
      status: "pass",
      detail: "5 of 5 do not exist yet: the deploy creates them (provisionBuckets)",
    });
    const temporary = new RegExp(`in the temporary bucket (${DOCTOR_PREFIX}-[0-9a-f]+)`).exec(
      checkOf(report, "storage: uploads").detail,
    )?.[1];
    expect(temporary).toBeDefined();
    temporaryBuckets.add(temporary!);
    expect(checkOf(report, "storage: serverSideEncryption").status).toBe("pass");
    expect(await bucketNames()).not.toContain(temporary);
  });

  it("fails on missing buckets, naming each", async () => {
    const absent = uniqueName("absent");
    const ws = await cephWorkspace({ bucketPrefix: absent });
    const report = await runDoctor(ws, { env: rgwStorageEnv() });
    const check = checkOf(report, "storage: buckets");
    expect(check.status).toBe("fail");
    for (const bucket of Object.values(bucketsFromPrefix(absent))) expect(check.detail).toContain(bucket);
    expect(check.fix).toContain(`"provisionBuckets": true in "storage" of ${ws.file}`);
    expect(checkOf(report, "storage: serverSideEncryption").status).toBe("skip");
    expect(report.ok).toBe(false);
  });

  it("explains a gateway that reads the endpoint's host name as a bucket name", async () => {
    // The test RGW knows itself as 127.0.0.1 (rgw_dns_name); "localhost" reaches it but is taken for a bucket.
    const endpoint = requireEnv("CONVEX_TEST_RGW_LOOPBACK_ENDPOINT").replace("127.0.0.1", "localhost");
    const report = await runDoctor(await cephWorkspace({ endpoint }), { env: rgwStorageEnv() });
    const check = checkOf(report, "storage: buckets");
    expect(check.status).toBe("fail");
    expect(check.detail).toContain('NoSuchBucket for a bucket named "localhost"');
    expect(check.fix).toContain("rgw_dns_name");
  });

  it("fails on credentials the gateway refuses, and on missing ones before sending anything", async () => {
    const ws = await cephWorkspace();
    const wrong = await runDoctor(ws, {
      env: { TF_VAR_storage_access_key_id: "wrongkey", TF_VAR_storage_secret_access_key: "wrongsecret" },
    });
    expect(checkOf(wrong, "storage: buckets")).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("HTTP 403 Forbidden"),
    });
    const missing = await runDoctor(ws, { env: {} });
    expect(checkOf(missing, "storage: credentials")).toMatchObject({
      status: "fail",
      detail:
        "TF_VAR_storage_access_key_id and TF_VAR_storage_secret_access_key not set: the deploy reads the same variables",
    });
    expect(checksStartingWith(missing, "storage:")).toHaveLength(1);
  });

  it("reports an endpoint that does not answer, quickly", async () => {
    const started = Date.now();
    const report = await runDoctor(await cephWorkspace({ endpoint: `http://127.0.0.1:${await freePort()}` }), {
      env: rgwStorageEnv(),
    });
    expect(checkOf(report, "storage: endpoint")).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("ECONNREFUSED"),
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe("doctor on a LocalPlusSync target on the real RGW", () => {
  const syncEnv = () => ({
    TF_VAR_sync_access_key_id: rgw().accessKeyId,
    TF_VAR_sync_secret_access_key: rgw().secretAccessKey,
  });
  const syncWorkspace = async (bucket: string) =>
    workspace({
      name: uniqueName("sync"),
      network: { ports: await freePorts() },
      storage: { kind: "LocalPlusSync", target: { kind: "CephViaGateway", endpoint: rgw().endpoint, bucket } },
    });

  it("passes a target bucket that takes uploads, and removes its probe", async () => {
    const report = await runDoctor(await syncWorkspace(buckets.exports), { env: syncEnv() });
    expect(checksStartingWith(report, "sync target:").map((c) => [c.check, c.status])).toEqual([
      ["sync target: credentials", "pass"],
      ["sync target: bucket", "pass"],
      ["sync target: uploads", "pass"],
      ["sync target: addressing", "pass"],
      ["sync target: clean-up", "pass"],
    ]);
    const objects = await client.send(new ListObjectsV2Command({ Bucket: buckets.exports }));
    expect(objects.KeyCount).toBe(0);
  });

  it("reports a gateway target without an endpoint once, as the rule's finding, and probes nothing", async () => {
    const ws = workspaceIgnoringRules({
      name: uniqueName("sync"),
      network: { ports: await freePorts() },
      storage: { kind: "LocalPlusSync", target: { kind: "CephViaGateway", bucket: "backups" } },
    });
    const report = await runDoctor(ws, { env: syncEnv() });
    expect(report.checks.filter((c) => c.status === "fail").map((c) => [c.check, c.detail.split(" ")[0]])).toEqual([
      ["config: sync-target-complete", "storage.target.endpoint"],
    ]);
    expect(checksStartingWith(report, "sync target")).toEqual([
      { check: "sync target", status: "skip", detail: expect.stringContaining("no gateway to ask") },
    ]);
  });

  it("fails on a missing target bucket and on missing sync credentials", async () => {
    const ws = await syncWorkspace(uniqueName("absent"));
    const report = await runDoctor(ws, { env: syncEnv() });
    expect(checkOf(report, "sync target: bucket")).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("does not exist"),
    });
    const missing = await runDoctor(ws, { env: rgwStorageEnv() });
    expect(checkOf(missing, "sync target: credentials")).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("TF_VAR_sync_access_key_id"),
    });
  });
});
