import { expect } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TLSSocket } from "node:tls";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { Client } from "pg";
import { ConvexDeployment } from "../../constructs/convex-deployment";
import { Database } from "../../constructs/database";
import { backendPostgresConnection, emittedPostgresUrl } from "../../constructs/domain";
import { databaseChecks } from "../../doctor/database";
import { connectLikeBackend } from "../../doctor/postgres-connection";
import { freePort } from "../helpers/doctor";
import { requireEnv, uniqueName } from "../helpers/rgw";
import { terraformWorkdir } from "../helpers/terraform";
import { envOf, type SynthesizedJson, workspace } from "../helpers/workspaces";
import { runServiceScript } from "../setup/services";
import { tempDir } from "../helpers/temp";

/*
 * PostgreSQL TLS as the backend does it, against real servers: the shared one without TLS, and one this
 * test starts with TLS on and a certificate from a private (self-signed) CA, stopped by its PID afterwards.
 */

const PG_NAME = `postgres-tls-i10-${process.pid}`;
const USER = "convex";
const PASSWORD = "testpassword";
let port: number;
let certs: string;
const tlsUrl = () => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}`;
const plainUrl = () => requireEnv("CONVEX_TEST_PG_URL");

function openssl(...args: string[]): void {
  execFileSync("openssl", args, { cwd: certs, stdio: ["ignore", "ignore", "pipe"] });
}

/** A private CA and a server certificate it signs for 127.0.0.1 (what CloudNativePG and friends do). */
function makeCertificates(): void {
  certs = tempDir("pg-tls-");
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(
    "req",
    "-x509",
    ...ec,
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
    "-days",
    "2",
    "-subj",
    "/CN=convex-stack test CA",
  );
  openssl("req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
  writeFileSync(join(certs, "server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n");
  openssl(
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.crt",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "server.crt",
    "-days",
    "2",
    "-extfile",
    "server.ext",
  );
  // A certificate as `openssl req -x509` makes it: self-signed, and a CA (basicConstraints CA:TRUE).
  openssl(
    "req",
    "-x509",
    ...ec,
    "-keyout",
    "selfsigned.key",
    "-out",
    "selfsigned.crt",
    "-days",
    "2",
    "-subj",
    "/CN=127.0.0.1",
    "-addext",
    "subjectAltName=IP:127.0.0.1",
  );
}

beforeAll(async () => {
  makeCertificates();
  port = await freePort();
  runServiceScript("start-postgres.sh", {
    PG_NAME,
    PG_PORT: String(port),
    PG_USER: USER,
    PG_PASSWORD: PASSWORD,
    PG_TLS_CERT: join(certs, "server.crt"),
    PG_TLS_KEY: join(certs, "server.key"),
  });
}, 120_000);

afterAll(() => {
  runServiceScript("stop-postgres.sh", { PG_NAME });
  rmSync(
    join(
      process.env.CONVEX_STACK_SERVICES_DIR || join(tmpdir(), "convex-stack-services") /* lib.sh's default */,
      PG_NAME,
    ),
    { recursive: true, force: true },
  );
  rmSync(certs, { recursive: true, force: true });
});

/** A postgres workspace whose instance database exists on the server at `url`. */
async function workspaceWithDatabase(url: string, database: Record<string, unknown>) {
  const instanceName = uniqueName("pg-tls");
  const admin = new Client({
    connectionString: `${url}/postgres`,
    ssl: url === tlsUrl() ? { rejectUnauthorized: false } : false,
  });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${instanceName.replace(/-/g, "_")}"`);
  await admin.end();
  return workspace({
    name: uniqueName("pgtls"),
    convex: { instanceName },
    database: { kind: "postgres", ...database } as never,
  });
}

const row = (results: { check: string }[], check: string) => results.find((r) => r.check === check);

describe("requireSsl false: plain text, with and without TLS on the server", () => {
  it("connects to the server without TLS", async () => {
    const ws = await workspaceWithDatabase(plainUrl(), { requireSsl: false });
    const results = await databaseChecks(ws, { TF_VAR_database_url: plainUrl() });
    expect(row(results, "database: connection")).toMatchObject({
      status: "pass",
      detail: expect.stringContaining(
        "over plain text, as the backend will (sslmode=disable: database.requireSsl is false)",
      ),
    });
    expect(row(results, "database: exists")).toMatchObject({ status: "pass" });
  });

  it("connects to the server with a self-signed certificate, since the stack appends sslmode=disable", async () => {
    const ws = await workspaceWithDatabase(tlsUrl(), { requireSsl: false });
    const results = await databaseChecks(ws, { TF_VAR_database_url: tlsUrl() });
    expect(row(results, "database: connection")).toMatchObject({
      status: "pass",
      detail: expect.stringContaining("over plain text"),
    });
    expect(results.filter((r) => r.status === "fail")).toEqual([]);
  });

  it("fails there with DO_NOT_REQUIRE_SSL alone, as https://github.com/get-convex/convex-backend/issues/354 reports: the client still negotiates TLS and verifies", async () => {
    const ws = await workspaceWithDatabase(tlsUrl(), { requireSsl: false });
    const upstreamAlone = backendPostgresConnection(tlsUrl(), { requireSsl: false, instanceName: ws.instanceName });
    expect(upstreamAlone).toMatchObject({ kind: "connection", sslMode: "prefer" });
    await expect(connectLikeBackend(upstreamAlone as never, undefined, 3000)).rejects.toThrow(
      /unable to verify the first certificate/,
    );
  });
});

describe("requireSsl true: TLS required and verified, as the backend's rustls does", () => {
  it("fails a server without TLS", async () => {
    const ws = await workspaceWithDatabase(plainUrl(), { requireSsl: true });
    const results = await databaseChecks(ws, { TF_VAR_database_url: plainUrl() });
    expect(row(results, "database: connection")).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("does not offer TLS, and database.requireSsl is true"),
    });
  });

  it("fails the private CA's certificate without caFile, saying to give it or to turn TLS off", async () => {
    const ws = await workspaceWithDatabase(tlsUrl(), { requireSsl: true });
    const results = await databaseChecks(ws, { TF_VAR_database_url: tlsUrl() });
    expect(row(results, "database: connection")).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(
        /^TLS to 127\.0\.0\.1:\d+ failed: UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate/,
      ),
      fix: expect.stringMatching(/database\.caFile .* "requireSsl": false/),
    });
  });

  it("passes with the CA as caFile, over verified TLS", async () => {
    const ws = await workspaceWithDatabase(tlsUrl(), { requireSsl: true, caFile: join(certs, "ca.crt") });
    const results = await databaseChecks(ws, { TF_VAR_database_url: tlsUrl() });
    expect(row(results, "database: connection")).toMatchObject({
      status: "pass",
      detail: expect.stringContaining("over TLS, certificate verified, as the backend will (sslmode=require"),
    });
    expect(row(results, "database: exists")).toMatchObject({ status: "pass" });
  });
});

describe("a server certificate that is itself a CA", () => {
  let server: Server;
  let fakePort: number;
  beforeAll(async () => {
    const [key, cert] = ["selfsigned.key", "selfsigned.crt"].map((f) => readFileSync(join(certs, f)));
    // Answers the SSLRequest with 'S' and then speaks TLS: enough for the handshake the check is about.
    server = createServer((socket) => {
      socket.once("data", () => {
        socket.write("S");
        new TLSSocket(socket, { isServer: true, key, cert }).on("error", () => undefined);
      });
    });
    fakePort = await freePort();
    await new Promise<void>((resolve) => server.listen(fakePort, "127.0.0.1", resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("is refused as rustls refuses it, although OpenSSL would accept it as its own trust anchor", async () => {
    const connection = backendPostgresConnection(`postgres://${USER}:${PASSWORD}@127.0.0.1:${fakePort}`, {
      requireSsl: true,
      instanceName: "convex-x",
    });
    await expect(
      connectLikeBackend(connection as never, readFileSync(join(certs, "selfsigned.crt"), "utf8"), 3000),
    ).rejects.toThrow(/CaUsedAsEndEntity/);
  });
});

describe("the URL the stack emits for requireSsl false", () => {
  it("is what Terraform makes of the synthesized expression, for URLs with and without a query", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const url = new TerraformVariable(stack, "database_url", { sensitive: true }).stringValue;
    new ConvexDeployment(stack, "c", {
      workspaceName: "x",
      urls: { backend: "http://a", site: "http://b", dashboard: "http://c" },
      database: Database.postgres({ url, requireSsl: false }),
    });
    const json = Testing.synth(stack);
    const expression = envOf(
      { json, tf: JSON.parse(json) as SynthesizedJson },
      "convex-x-backend",
    ).POSTGRES_URL.replace(/^\$\{(.*)\}$/, "$1");
    const dir = terraformWorkdir("pg-url-");
    writeFileSync(
      join(dir, "main.tf.json"),
      JSON.stringify({ variable: { database_url: { type: "string", sensitive: true } } }),
    );
    for (const sample of [
      "postgres://u:p@db:5432",
      "postgres://u:p@db:5432/",
      "postgresql://u:p%40w@db?connect_timeout=5",
    ]) {
      const evaluated = execFileSync("terraform", ["console", "-var", `database_url=${sample}`], {
        cwd: dir,
        input: `nonsensitive(${expression})\n`,
        encoding: "utf8",
      }).trim();
      expect(JSON.parse(evaluated)).toBe(emittedPostgresUrl(sample, false));
    }
    expect(emittedPostgresUrl("postgres://u:p@db:5432", false)).toBe("postgres://u:p@db:5432?sslmode=disable");
  });
});
