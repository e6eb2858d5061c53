import { expect } from "@jest/globals";
import { join } from "node:path";
import { ListObjectVersionsCommand, PutBucketVersioningCommand } from "@aws-sdk/client-s3";
import { runDoctor } from "../../doctor";
import { stateChecks } from "../../doctor/state";
import { checksStartingWith, freePort, freePorts } from "../helpers/doctor";
import { createBucket, deleteBucket, objectAppears, rgw, rgwAwsEnv, rgwClient, uniqueName } from "../helpers/rgw";
import { initializedDir, slowApply, terraformAsync, withoutDocker } from "../helpers/terraform";
import { synth, workspaceIgnoringRules } from "../helpers/workspaces";
import { tempDir } from "../helpers/temp";

/*
 * The doctor's state checks against the real Ceph RGW 16.2: the bucket reachable with the AWS credentials
 * terraform will use, versioning on, and If-None-Match: * honoured. Measured here: this RGW honours the
 * condition in an unversioned bucket only, so no bucket of it passes all three; the last test shows that
 * the conditional-write check is right about Terraform's lock.
 */

const client = rgwClient();
const versioned = uniqueName("i12-doctor-v");
const unversioned = uniqueName("i12-doctor-u");
const aws = rgwAwsEnv();
const s3State = (bucket: string, endpoint = rgw().endpoint) => ({
  backend: "s3" as const,
  bucket,
  region: "us-east-1",
  endpoint,
});
const ws = (bucket: string, endpoint?: string) =>
  workspaceIgnoringRules({ name: uniqueName("i12-doc"), state: s3State(bucket, endpoint) });
const rows = async (bucket: string, env: NodeJS.ProcessEnv = aws, endpoint?: string) =>
  Object.fromEntries((await stateChecks(ws(bucket, endpoint), env)).map((c) => [c.check, c]));

async function versions(bucket: string): Promise<number> {
  const listed = await client.send(new ListObjectVersionsCommand({ Bucket: bucket }));
  return (listed.Versions?.length ?? 0) + (listed.DeleteMarkers?.length ?? 0);
}

beforeAll(async () => {
  await createBucket(client, versioned);
  await client.send(
    new PutBucketVersioningCommand({ Bucket: versioned, VersioningConfiguration: { Status: "Enabled" } }),
  );
  await createBucket(client, unversioned);
});

afterAll(async () => {
  await deleteBucket(client, versioned);
  await deleteBucket(client, unversioned);
  client.destroy();
});

describe("the doctor's state checks", () => {
  it("report three rows after the storage rows, for a workspace with remote state", async () => {
    const workspace = workspaceIgnoringRules({
      name: uniqueName("i12-doc"),
      network: { ports: await freePorts() },
      state: s3State(versioned),
    });
    const report = await runDoctor(workspace, { env: aws });
    const names = report.checks.map((c) => c.check);
    expect(checksStartingWith(report, "state").map((c) => c.check)).toEqual([
      "state: bucket",
      "state: versioning",
      "state: conditional writes",
    ]);
    expect(names.indexOf("state: bucket")).toBe(names.indexOf("storage") + 1);
  });

  it("pass the bucket and its versioning, and fail the lock where RGW ignores If-None-Match: in a versioned bucket", async () => {
    const found = await rows(versioned);
    expect(found["state: bucket"]).toMatchObject({
      status: "pass",
      detail: expect.stringContaining(`${versioned} answers with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY`),
    });
    expect(found["state: versioning"]).toMatchObject({ status: "pass" });
    expect(found["state: conditional writes"]).toMatchObject({
      status: "fail",
      detail: expect.stringContaining(
        "the store ignores the condition in this versioned bucket, so two deploys of one workspace can both take the lock",
      ),
      fix: expect.stringContaining("use an unversioned bucket there for exclusive locks"),
    });
    expect(await versions(versioned)).toBe(0); // the probe's versions and delete markers are gone
  });

  it("pass the lock in an unversioned bucket, and fail its versioning, with the command that turns it on", async () => {
    const workspace = ws(unversioned);
    const found = Object.fromEntries((await stateChecks(workspace, aws)).map((c) => [c.check, c]));
    expect(found["state: conditional writes"]).toMatchObject({
      status: "pass",
      detail: "a second PUT with If-None-Match: * answered 412: Terraform's lock file is exclusive",
    });
    expect(found["state: versioning"]).toMatchObject({
      status: "fail",
      detail: `off on ${unversioned}: an apply that writes a broken or emptied state overwrites the only copy`,
      fix: expect.stringContaining(`npm run state-bucket -- ${workspace.file}`),
    });
    expect(await versions(unversioned)).toBe(0);
  });

  it("fail for a bucket that does not exist, pointing at the bootstrap, and check nothing else", async () => {
    const missing = uniqueName("i12-doctor-missing");
    const workspace = ws(missing);
    const found = await stateChecks(workspace, aws);
    expect(found.map((c) => [c.check, c.status])).toEqual([
      ["state: bucket", "fail"],
      ["state: versioning", "skip"],
      ["state: conditional writes", "skip"],
    ]);
    expect(found[0].detail).toContain(`the bucket ${missing} does not exist on ${rgw().endpoint}`);
    expect(found[0].fix).toBe(`create it (versioned): npm run state-bucket -- ${workspace.file}`);
  });

  it.each<[string, NodeJS.ProcessEnv, string]>([
    ["a wrong secret key", { ...aws, AWS_SECRET_ACCESS_KEY: "not-the-secret" }, "SignatureDoesNotMatch"],
    [
      "an unknown access key",
      { AWS_ACCESS_KEY_ID: "NOSUCHKEY", AWS_SECRET_ACCESS_KEY: "not-the-secret" },
      "InvalidAccessKeyId",
    ],
  ])("fail for %s, saying terraform would be refused too, without printing it", async (_title, env, code) => {
    const found = await rows(versioned, env);
    expect(found["state: bucket"]).toMatchObject({
      status: "fail",
      detail: expect.stringContaining(
        `refused the AWS credentials of this environment (${code}); terraform uses the same ones`,
      ),
    });
    expect(found["state: bucket"].fix).toContain("AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY");
    expect(JSON.stringify(found)).not.toContain("not-the-secret");
  });

  it("fail for a gateway that does not answer", async () => {
    const found = await rows(versioned, aws, `http://127.0.0.1:${await freePort()}`);
    expect(found["state: bucket"]).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(/no answer from http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/),
    });
  });

  it("skip a workspace with the local state file, saying what it lacks", async () => {
    const found = await stateChecks(workspaceIgnoringRules({ name: "i12-local" }), aws);
    expect(found).toEqual([
      {
        check: "state",
        status: "skip",
        detail:
          "local file terraform.i12-local.tfstate: locked on this machine only, unknown to every other one (docs/state.md moves it to S3)",
      },
    ]);
  });

  it("are right about the lock: where conditional writes fail, a second concurrent apply is not refused", async () => {
    const name = uniqueName("i12-race");
    const config = () =>
      slowApply(withoutDocker(synth(workspaceIgnoringRules({ name, state: s3State(versioned) })), true), 4);
    const root = tempDir("i12-doctor-race-");
    initializedDir(join(root, "a"), config(), aws);
    const second = initializedDir(join(root, "b"), config(), aws);
    const first = terraformAsync(join(root, "a"), ["apply", "-auto-approve", "-input=false", "-no-color"], aws);
    await objectAppears(client, versioned, `convex-stack/${name}.tfstate.tflock`);
    const racing = second(["apply", "-auto-approve", "-input=false"]);
    await first;
    // Both took the "lock": the second apply ran alongside the first instead of being refused.
    expect(racing.output).not.toContain("Error acquiring the state lock");
    expect(racing.output).toContain("Apply complete!");
  });
});
