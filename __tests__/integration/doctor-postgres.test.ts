import { expect } from "@jest/globals";
import { Client } from "pg";
import { runDoctor } from "../../doctor";
import { checkOf, freePorts } from "../helpers/doctor";
import { requireEnv, uniqueName } from "../helpers/rgw";
import { workspace } from "../helpers/workspaces";

/* The doctor against a real PostgreSQL server (started by the jest globalSetup, no TLS). */

const serverUrl = () => requireEnv("CONVEX_TEST_PG_URL");
const created: string[] = [];

async function admin<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: `${serverUrl()}/postgres` });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function postgresWorkspace(database: Record<string, unknown> = {}) {
  const instanceName = uniqueName("doctor-pg");
  return workspace({
    name: uniqueName("pg"),
    network: { ports: await freePorts() },
    convex: { instanceName },
    database: { kind: "postgres", requireSsl: false, ...database } as never,
  });
}

afterAll(async () => {
  await admin(async (client) => {
    for (const name of created) await client.query(`DROP DATABASE IF EXISTS "${name}"`);
  });
});

describe("doctor against a real PostgreSQL", () => {
  it("finds the derived database missing, then present once it is created", async () => {
    const ws = await postgresWorkspace();
    const name = ws.instanceName.replace(/-/g, "_");
    const env = { TF_VAR_database_url: serverUrl() };
    const host = new URL(serverUrl()).host;

    const before = await runDoctor(ws, { env });
    expect(checkOf(before, "database: connection")).toMatchObject({
      status: "pass",
      detail: `connected to ${host} over plain text, as the backend will (sslmode=disable: database.requireSsl is false)`,
    });
    expect(checkOf(before, "database: exists")).toMatchObject({
      status: "fail",
      detail: expect.stringContaining(`${name} does not exist on ${host}`),
      fix: `create it before deploying: CREATE DATABASE "${name}"`,
    });
    expect(before.ok).toBe(false);

    await admin((client) => client.query(`CREATE DATABASE "${name}"`));
    created.push(name);
    const after = await runDoctor(ws, { env });
    expect(checkOf(after, "database: exists")).toEqual({
      check: "database: exists",
      status: "pass",
      detail: `${name} exists on ${host}`,
    });
    expect(after.checks.filter((c) => c.status === "fail")).toEqual([]);
  });

  it("fails requireSsl against a server without TLS, naming the setting", async () => {
    const ws = await postgresWorkspace({ requireSsl: true });
    const report = await runDoctor(ws, { env: { TF_VAR_database_url: serverUrl() } });
    expect(checkOf(report, "database: connection")).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("does not offer TLS, and database.requireSsl is true"),
      fix: expect.stringContaining(`"requireSsl": false in "database" of ${ws.file}`),
    });
  });

  it("reports a refused login without printing the password", async () => {
    const url = new URL(serverUrl());
    url.password = "not-the-password-42";
    const report = await runDoctor(await postgresWorkspace(), { env: { TF_VAR_database_url: url.toString() } });
    expect(checkOf(report, "database: connection")).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("refused the login"),
    });
    expect(JSON.stringify(report)).not.toContain("not-the-password-42");
  });

  it("refuses a URL with a database path or no URL at all, before connecting", async () => {
    const ws = await postgresWorkspace();
    const withPath = await runDoctor(ws, { env: { TF_VAR_database_url: `${serverUrl()}/convex` } });
    expect(checkOf(withPath, "database: url")).toMatchObject({
      status: "fail",
      detail: expect.stringContaining(
        'names a database in its path; the backend refuses that ("cluster url already contains db name")',
      ),
    });
    const none = await runDoctor(ws, { env: {} });
    expect(checkOf(none, "database: url")).toMatchObject({
      status: "fail",
      detail: "TF_VAR_database_url is not set: the deploy reads it",
    });
    for (const report of [withPath, none])
      expect(report.checks.some((c) => c.check === "database: connection")).toBe(false);
  });

  it("never prints the URL or its password, only host:port", async () => {
    const report = await runDoctor(await postgresWorkspace(), { env: { TF_VAR_database_url: serverUrl() } });
    const text = JSON.stringify(report);
    expect(text).not.toContain(new URL(serverUrl()).password);
    expect(text).not.toContain(serverUrl());
    expect(text).toContain(new URL(serverUrl()).host);
  });
});
