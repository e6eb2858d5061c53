import { expect } from "@jest/globals";
import { Client } from "pg";
import { runTs } from "../helpers/run";
import { freePorts, writeWorkspaceFile } from "../helpers/doctor";
import { createBuckets, deleteBuckets, requireEnv, rgw, rgwClient, uniqueName } from "../helpers/rgw";

/* `npm run doctor -- <file> [--json]` as a user or CI runs it, against the real RGW and PostgreSQL. */

const client = rgwClient();
const prefix = uniqueName("doctor-cli");

beforeAll(async () => {
  await createBuckets(client, prefix);
});

afterAll(async () => {
  await deleteBuckets(client, prefix);
  client.destroy();
});

/** The deploy's secrets, as the user exports them; none of them may ever be printed. */
function secretEnv(): NodeJS.ProcessEnv {
  return {
    TF_VAR_storage_access_key_id: rgw().accessKeyId,
    TF_VAR_storage_secret_access_key: rgw().secretAccessKey,
    TF_VAR_database_url: requireEnv("CONVEX_TEST_PG_URL"),
  };
}

async function postgres(sql: string): Promise<void> {
  const pg = new Client({ connectionString: `${requireEnv("CONVEX_TEST_PG_URL")}/postgres` });
  await pg.connect();
  try {
    await pg.query(sql);
  } finally {
    await pg.end();
  }
}

function expectNoSecret(output: string): void {
  expect(output).not.toContain(rgw().accessKeyId);
  expect(output).not.toContain(rgw().secretAccessKey);
  expect(output).not.toContain(new URL(requireEnv("CONVEX_TEST_PG_URL")).password);
}

async function cephFile(storage: Record<string, unknown> = {}): Promise<string> {
  return writeWorkspaceFile({
    name: uniqueName("cli"),
    network: { ports: await freePorts() },
    storage: { kind: "CephViaGateway", endpoint: rgw().endpoint, bucketPrefix: prefix, ...storage },
  });
}

describe("npm run doctor", () => {
  it("--json: exits non-zero for a workspace with SSE on, with parseable JSON and no secret in its output", async () => {
    // A postgres database too, so the database password is in the environment (and must stay out of the output).
    const name = uniqueName("cli");
    const database = `convex_${name.replace(/-/g, "_")}`;
    await postgres(`CREATE DATABASE "${database}"`);
    const file = writeWorkspaceFile({
      name,
      network: { ports: await freePorts() },
      storage: { kind: "CephViaGateway", endpoint: rgw().endpoint, bucketPrefix: prefix, serverSideEncryption: true },
      database: { kind: "postgres", requireSsl: false },
    });
    const result = runTs("bin/doctor.ts", [file, "--json"], secretEnv());
    await postgres(`DROP DATABASE "${database}"`);
    expect(result.status).toBe(1);
    const checks = JSON.parse(result.stdout) as { check: string; status: string; detail: string; fix?: string }[];
    for (const c of checks) {
      expect(Object.keys(c).sort()).toEqual(
        c.fix === undefined ? ["check", "detail", "status"] : ["check", "detail", "fix", "status"],
      );
      expect(["pass", "fail", "warn", "skip"]).toContain(c.status);
    }
    expect(checks.find((c) => c.check === "storage: serverSideEncryption")).toMatchObject({
      status: "fail",
      fix: `set "serverSideEncryption": false in "storage" of ${file}`,
    });
    // The rule that validate would refuse the file with, and the gateway's own answer to the same setting.
    expect(checks.filter((c) => c.status === "fail").map((c) => c.check)).toEqual([
      "config: gateway-sse-off",
      "storage: serverSideEncryption",
    ]);
    expect(checks[0].detail).toMatch(/^storage\.serverSideEncryption is true with CephViaGateway/);
    expect(checks.find((c) => c.check === "database: exists")).toMatchObject({ status: "pass" });
    expect(result.stderr).toBe("");
    expectNoSecret(result.stdout + result.stderr);
  });

  it("exits 0 with a table of ticks for a CephViaGateway workspace with the defaults", async () => {
    const result = runTs("bin/doctor.ts", [await cephFile()], secretEnv());
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^✔ storage: serverSideEncryption +serverSideEncryption must be false here/m);
    expect(result.stdout).not.toMatch(/^✘/m);
    expect(result.stdout).toMatch(/^OK: nothing found that would break the deploy/m);
    expectNoSecret(result.stdout);
  });

  it("prints the fix under each cross in the table", async () => {
    const file = await cephFile({ serverSideEncryption: true, checksums: true });
    const result = runTs("bin/doctor.ts", [file], secretEnv());
    expect(result.status).toBe(1);
    const lines = result.stdout.split("\n");
    const crosses = lines.flatMap((line, i) => (line.startsWith("✘") ? [i] : []));
    expect(lines.filter((line) => line.startsWith("✘")).map((line) => line.split(/ {2,}/)[0])).toEqual([
      "✘ config: gateway-sse-off",
      "✘ config: gateway-checksums-off",
      "✘ storage: serverSideEncryption",
      "✘ storage: checksums",
    ]);
    for (const i of crosses)
      expect(lines[i + 1]).toMatch(
        /^ +fix: (set "(serverSideEncryption|checksums)": false in "storage" of |remove the field \(CephViaGateway's default false emits AWS_S3_DISABLE_(SSE|CHECKSUMS)=true\))/,
      );
    expect(result.stdout).toMatch(/^FAIL: 4 checks would break the deploy/m);
  });

  it("exits 2 with one clear line for an unknown workspace, a missing file or a bad option", () => {
    const cases: [string[], RegExp][] = [
      [["no-such-workspace"], /^doctor: unknown workspace "no-such-workspace"; config\/workspaces has: local\n$/],
      [
        ["/nonexistent/ws.json"],
        /^doctor: \/nonexistent\/ws.json does not exist; give a workspace file or a workspace name\n$/,
      ],
      [
        ["local", "--jsno"],
        /^doctor: unknown option --jsno; usage: npm run doctor -- <workspace name or file> \[--json\]\n$/,
      ],
      [[], /^doctor: usage: npm run doctor -- <workspace name or file> \[--json\]\n$/],
    ];
    for (const [args, message] of cases) {
      const result = runTs("bin/doctor.ts", args, { CONVEX_STACK_WORKSPACES: "" });
      expect({ args, status: result.status, stderr: result.stderr, stdout: result.stdout }).toEqual({
        args,
        status: 2,
        stderr: expect.stringMatching(message),
        stdout: "",
      });
    }
  });

  it("finds a workspace by name among the loaded workspaces", () => {
    const result = runTs("bin/doctor.ts", ["local", "--json"], { CONVEX_STACK_WORKSPACES: "" });
    const checks = JSON.parse(result.stdout) as { check: string; status: string }[];
    expect(checks.find((c) => c.check === "storage")).toMatchObject({ status: "skip" });
    expect(checks.find((c) => c.check === "docker: host")).toMatchObject({ status: "pass" });
  });

  it("fails AwsS3 credentials from the SDK default chain when that chain has none", async () => {
    const file = writeWorkspaceFile({
      name: uniqueName("aws"),
      network: { ports: await freePorts() },
      // The first revision whose entrypoint starts S3 without static keys: the chain itself is what is checked.
      convex: { version: "ca1f91cde3a0ea21ec2dfe4879f8999aab24e5b6" },
      storage: { kind: "AwsS3", region: "eu-central-1", bucketPrefix: prefix, credentials: "sdkDefaultChain" },
    });
    const nowhere = "/nonexistent/aws";
    const result = runTs("bin/doctor.ts", [file, "--json"], {
      AWS_ACCESS_KEY_ID: "",
      AWS_SECRET_ACCESS_KEY: "",
      AWS_PROFILE: "",
      AWS_CONFIG_FILE: nowhere,
      AWS_SHARED_CREDENTIALS_FILE: nowhere,
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_CONTAINER_CREDENTIALS_FULL_URI: "",
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "",
      AWS_WEB_IDENTITY_TOKEN_FILE: "",
    });
    expect(result.status).toBe(1);
    const checks = JSON.parse(result.stdout) as { check: string; status: string; detail: string }[];
    expect(checks.filter((c) => c.check.startsWith("storage"))).toEqual([
      expect.objectContaining({
        check: "storage: credentials",
        status: "fail",
        detail: expect.stringMatching(/^none found in the SDK default chain/),
      }),
    ]);
  });

  it("exits 2 listing the problems of an invalid workspace file", () => {
    const file = writeWorkspaceFile({ name: "Bad Name" });
    const result = runTs("bin/doctor.ts", [file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${file}: name: got "Bad Name"`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
