import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { type Server, createServer } from "node:http";
import { join } from "node:path";
import { BACKEND_IMAGE, SNAPSHOT_LAYOUT } from "../constructs/domain";
import { localStatePath } from "../guards/state-file";
import { freePort } from "./helpers/doctor";
import { ROOT, type RunResult, runTs, runTsAsync } from "./helpers/run";
import { tempDir } from "./helpers/temp";

/*
 * Every command, run as a user runs it, with hostile text planted where it reads text from outside: a
 * Terraform state, a Docker engine's volume labels, container environment, image and container names, a
 * bucket's keys and error answers, a snapshot's recorded revision, a URL's answer. Whatever a command
 * says about it, no escape sequence or control character reaches the terminal, no secret-shaped value is
 * echoed, and no line of its output is one the hostile text wrote; and the text did reach the output
 * (shown escaped), so each case proves the path it plants on.
 */

const KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const INSTANCE_SECRET = "4361726c6f732053616e7461636f6e7374616e7a61204d61727175657a203230";
/** Sets the terminal's title, clears the screen, rewrites the line, then starts a line of its own. */
const HOSTILE = `\u001b]0;pwned\u0007\u001b[2J\r${KEY_ID} ${INSTANCE_SECRET}\nok forged by hostile text`;
/** The same in a single line, for places that cannot hold a line break. */
const HOSTILE_LINE = HOSTILE.replace("\n", " ");

/** Every command of the app: main.ts (synthesis) and each entry point in bin/. */
const COMMANDS = [
  "bin/doctor.ts",
  "bin/drill.ts",
  "bin/restore.ts",
  "bin/state-bucket.ts",
  "bin/status.ts",
  "bin/synth.ts",
  "bin/validate.ts",
  "bin/verify-backup.ts",
  "main.ts",
];

function expectNeutral(result: RunResult): void {
  const output = `${result.stdout}${result.stderr}`;
  // eslint-disable-next-line no-control-regex -- control characters are the point: only line breaks may be left
  expect(output).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/);
  expect(output).not.toContain(KEY_ID);
  expect(output).not.toContain(INSTANCE_SECRET);
  expect(output.split("\n").filter((line) => line.startsWith("ok forged"))).toEqual([]);
  expect(output).not.toMatch(/\n\s+at /);
  // The planted text was read and shown, neutralised (an XML answer has its carriage return read as a line feed).
  expect(shown(output)).toMatch(REACHED);
}

const REACHED = /\\u001b\]0;pwned\\u0007\\u001b\[2J\\u000[ad]<an AWS access key id: not shown>/;

/** What a person reads: the strings of JSON output (the doctor's --json), other output as it is. */
function shown(output: string): string {
  const strings: string[] = [];
  try {
    JSON.parse(output, (_key, value: unknown) => {
      if (typeof value === "string") strings.push(value);
      return value;
    });
  } catch {
    return output;
  }
  return strings.join("\n");
}

const scratch = () => tempDir("hostile-commands-");

function workspaceFile(file: object): string {
  const dir = scratch();
  const path = join(dir, "app.json");
  writeFileSync(path, JSON.stringify(file));
  return path;
}

const managed = (type: string, name: string, attributes: object) => ({
  mode: "managed",
  type,
  name,
  instances: [{ attributes }],
});

/** A project whose local state records the data volume, an image and a downgrade record, each hostile. */
function projectWithHostileState(): { outdir: string; dir: string } {
  const root = scratch();
  const dir = join(root, "workspaces");
  mkdirSync(dir);
  writeFileSync(join(dir, "app.json"), JSON.stringify({ name: "app" }));
  const outdir = join(root, "cdktf.out");
  writeFileSync(
    localStatePath("app", outdir),
    JSON.stringify({
      version: 4,
      resources: [
        managed("docker_volume", "data", {
          name: "convex-app-data",
          labels: [
            { label: "convex-stack.workspace", value: "app" },
            { label: "convex-stack.storage-mode", value: HOSTILE },
          ],
        }),
        managed("docker_image", "backend", { name: `${BACKEND_IMAGE}:${HOSTILE}` }),
        managed("terraform_data", "convex_downgrade-guard_no-revision-older-than_4381F5C5", {
          input: { value: { revision: HOSTILE } },
        }),
      ],
    }),
  );
  return { outdir, dir };
}

/**
 * A `docker` on the PATH that answers as a hostile engine: labels, environment, image and names, the backend's
 * last health output, and the data volume's size.
 */
function hostileEngine(port = 1): NodeJS.ProcessEnv {
  const bin = join(scratch(), "bin");
  mkdirSync(bin);
  const volumes = join(bin, "volumes.json");
  const containers = join(bin, "containers.json");
  const ps = join(bin, "ps.txt");
  const df = join(bin, "df.json");
  writeFileSync(
    volumes,
    JSON.stringify([{ Name: "convex-app-data", Labels: { "convex-stack.storage-mode": HOSTILE } }]),
  );
  writeFileSync(
    containers,
    JSON.stringify([
      {
        Name: "/convex-app-backend",
        Config: { Env: [`DOCUMENT_RETENTION_DELAY=${HOSTILE}`], Image: `${BACKEND_IMAGE}:${HOSTILE_LINE}`, Labels: {} },
        Mounts: [{ Type: "volume", Name: "convex-app-data" }],
        State: { Status: "running", Health: { Status: "unhealthy", Log: [{ ExitCode: 1, Output: HOSTILE }] } },
      },
    ]),
  );
  writeFileSync(ps, `${HOSTILE_LINE}\t127.0.0.1:${port}->3210/tcp\n`);
  writeFileSync(df, JSON.stringify([{ Name: "convex-app-data", Size: HOSTILE_LINE }]));
  // `docker --host H <volume|container> inspect ...`, `docker --host H ps ...` and `docker --host H system df ...`.
  writeFileSync(
    join(bin, "docker"),
    `#!/bin/sh\ncase "$3" in\n  volume) cat '${volumes}' ;;\n  container) cat '${containers}' ;;\n  ps) cat '${ps}' ;;\n  system) cat '${df}' ;;\n  *) echo '[]' ;;\nesac\n`,
  );
  chmodSync(join(bin, "docker"), 0o755);
  return { PATH: `${bin}:${process.env.PATH}` };
}

/** An HTTP server for the test's life; `answer` gets the request's path and query. */
async function serve(
  answer: (url: URL) => { status: number; body: string | Buffer },
): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const { status, body } = answer(new URL(request.url ?? "/", "http://store"));
    response.writeHead(status, { "Content-Type": "application/xml" });
    response.end(body);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${port}`, server };
}

const servers: Server[] = [];
afterAll(() =>
  Promise.all(
    servers.map((server) => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    }),
  ),
);

const xml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const s3Error = (code: string) => ({
  status: 400,
  body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${xml(code)}</Code><Message>${xml(code)}</Message></Error>`,
});

/**
 * A sync target holding one complete snapshot (an SQLite header as its database, checksums that match, and a
 * manifest listing the extra key's file), whose revision file and keys are what the test says.
 */
async function snapshotStore(revision: string | undefined, extraKey?: string): Promise<string> {
  const id = "20250101T000000Z";
  const snapshot = `app/${SNAPSHOT_LAYOUT.folder}/${id}`;
  const database = Buffer.from("SQLite format 3\0 and no more");
  const manifest = extraKey ? `${extraKey.slice("app/".length)}\n` : "";
  const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
  const files: Record<string, string | Buffer> = {
    [`${snapshot}/${SNAPSHOT_LAYOUT.database}`]: database,
    [`${snapshot}/${SNAPSHOT_LAYOUT.manifest}`]: manifest,
    [`${snapshot}/${SNAPSHOT_LAYOUT.checksums}`]: `${sha256(database)}  ${SNAPSHOT_LAYOUT.database}\n${sha256(manifest)}  ${SNAPSHOT_LAYOUT.manifest}\n`,
    ...(revision === undefined ? {} : { [`${snapshot}/${SNAPSHOT_LAYOUT.revision}`]: revision }),
  };
  const keys = Object.keys(files);
  const { url, server } = await serve((request) => {
    if (request.searchParams.get("list-type") === "2") {
      const prefix = request.searchParams.get("prefix") ?? "";
      const listed = [...keys, ...(extraKey ? [extraKey] : [])].filter((key) => key.startsWith(prefix));
      const contents = listed.map((key) => `<Contents><Key>${xml(key)}</Key><Size>10</Size></Contents>`).join("");
      return {
        status: 200,
        body: `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>backups</Name><Prefix>${xml(prefix)}</Prefix><KeyCount>${listed.length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`,
      };
    }
    const file = files[decodeURIComponent(request.pathname).slice("/backups/".length)];
    if (file !== undefined) return { status: 200, body: file };
    return { status: 404, body: `<Error><Code>NoSuchKey</Code><Message>not here</Message></Error>` };
  });
  servers.push(server);
  return url;
}

describe("hostile text from outside, through every command", () => {
  it("covers every command of the app", () => {
    // An entry point reads its arguments; what bin/ holds besides (print.ts, workspace-argument.ts) is shared by them.
    const entries = readdirSync(join(ROOT, "bin"))
      .filter((file) => file.endsWith(".ts") && readFileSync(join(ROOT, "bin", file), "utf8").includes("process.argv"))
      .map((file) => `bin/${file}`);
    expect([...entries, "main.ts"].sort()).toEqual(COMMANDS);
  });

  it("validate, from a state's volume labels, image tag and downgrade record", () => {
    const { outdir, dir } = projectWithHostileState();
    const result = runTs("bin/validate.ts", ["--offline", dir], { CDKTF_OUTDIR: outdir });
    expect(result.status).toBe(1);
    expectNeutral(result);
  });

  it("synthesis, from the same state", () => {
    const { outdir, dir } = projectWithHostileState();
    const result = runTs("main.ts", [], {
      CDKTF_OUTDIR: outdir,
      CONVEX_STACK_WORKSPACES: dir,
      CONVEX_STACK_OFFLINE: "1",
    });
    expect(result.status).toBe(1);
    expectNeutral(result);
  });

  it("npm run synth (bin/synth.ts), from the same state", () => {
    const { outdir, dir } = projectWithHostileState();
    const result = runTs("bin/synth.ts", ["--output", outdir], {
      CONVEX_STACK_WORKSPACES: dir,
      CONVEX_STACK_OFFLINE: "1",
    });
    expect(result.status).toBe(1);
    expectNeutral(result);
  });

  it("drill, from a sync target's error answers", async () => {
    // The drill's first step asks the target whether it is empty: a store that answers with a hostile error.
    const { url, server } = await serve(() => s3Error(HOSTILE_LINE));
    servers.push(server);
    const file = workspaceFile({
      name: "app",
      storage: {
        kind: "LocalPlusSync",
        target: { kind: "CephViaGateway", endpoint: url, bucket: "backups", prefix: "app" },
      },
    });
    const result = await runTsAsync("bin/drill.ts", [file], {
      TF_VAR_sync_access_key_id: "sync-key",
      TF_VAR_sync_secret_access_key: "sync-secret",
    });
    expect(result.status).toBe(1);
    expectNeutral(result);
  });

  it("validate, from a Docker engine's volume labels, container image and environment", () => {
    const file = workspaceFile({ name: "app" });
    const result = runTs("bin/validate.ts", [file], { ...hostileEngine(), CDKTF_OUTDIR: join(scratch(), "cdktf.out") });
    expect(result.status).toBe(1);
    expectNeutral(result);
  });

  it("validate, from a deployed container's environment alone (a warning; the workspace is accepted)", () => {
    const root = scratch();
    const file = join(root, "app.json");
    writeFileSync(file, JSON.stringify({ name: "app" }));
    const outdir = join(root, "cdktf.out");
    writeFileSync(
      localStatePath("app", outdir),
      JSON.stringify({
        version: 4,
        resources: [
          managed("docker_container", "backend", {
            name: "convex-app-backend",
            env: [`DOCUMENT_RETENTION_DELAY=${HOSTILE}`],
          }),
        ],
      }),
    );
    const result = runTs("bin/validate.ts", ["--offline", file], { CDKTF_OUTDIR: outdir });
    expect(result.status).toBe(0);
    expectNeutral(result);
  });

  it("doctor, from the engine's labels, environment and container names, and the backend URL's answer", async () => {
    const { url, server } = await serve(() => ({ status: 200, body: HOSTILE }));
    servers.push(server);
    const [backend, site, dashboard] = [await freePort(), await freePort(), await freePort()];
    const file = workspaceFile({
      name: "app",
      network: {
        ports: { backend, site, dashboard },
        publicUrls: { backend: url, site: `http://127.0.0.1:${site}`, dashboard: `http://127.0.0.1:${dashboard}` },
      },
    });
    const result = await runTsAsync("bin/doctor.ts", [file], hostileEngine(backend));
    expect(result.status).toBe(1);
    expectNeutral(result);
    const json = await runTsAsync("bin/doctor.ts", [file, "--json"], hostileEngine(backend));
    expectNeutral(json);
    expect(() => JSON.parse(json.stdout) as unknown).not.toThrow();
  });

  it("status, from the engine's health output, volume size and image, as text and as JSON", async () => {
    const file = workspaceFile({ name: "app" });
    const result = await runTsAsync("bin/status.ts", [file], hostileEngine());
    // The backend is unhealthy and the dashboard is missing.
    expect(result.status).toBe(1);
    expectNeutral(result);
    const json = await runTsAsync("bin/status.ts", [file, "--json"], hostileEngine());
    expect(json.status).toBe(1);
    expectNeutral(json);
    expect(() => JSON.parse(json.stdout) as unknown).not.toThrow();
  });

  it("restore, from a snapshot's recorded revision", async () => {
    const endpoint = await snapshotStore(HOSTILE);
    const file = workspaceFile({
      name: "app",
      storage: {
        kind: "LocalPlusSync",
        target: { kind: "CephViaGateway", endpoint, bucket: "backups", prefix: "app" },
      },
    });
    const result = await runTsAsync("bin/restore.ts", [file, "--dry-run"], {
      TF_VAR_sync_access_key_id: "sync-key",
      TF_VAR_sync_secret_access_key: "sync-secret",
    });
    expect(result.status).toBe(1);
    expectNeutral(result);
  });

  it("verify-backup, from a snapshot's recorded revision", async () => {
    const endpoint = await snapshotStore(HOSTILE);
    const file = workspaceFile({
      name: "app",
      storage: {
        kind: "LocalPlusSync",
        target: { kind: "CephViaGateway", endpoint, bucket: "backups", prefix: "app" },
      },
    });
    const result = await runTsAsync("bin/verify-backup.ts", [file], {
      TF_VAR_sync_access_key_id: "sync-key",
      TF_VAR_sync_secret_access_key: "sync-secret",
    });
    expect(result.status).toBe(1);
    expectNeutral(result);
  });

  it("restore, from a bucket's keys", async () => {
    const endpoint = await snapshotStore(undefined, `app/files/../${HOSTILE}`);
    const file = workspaceFile({
      name: "app",
      storage: {
        kind: "LocalPlusSync",
        target: { kind: "CephViaGateway", endpoint, bucket: "backups", prefix: "app" },
      },
    });
    const result = await runTsAsync("bin/restore.ts", [file, "--dry-run"], {
      TF_VAR_sync_access_key_id: "sync-key",
      TF_VAR_sync_secret_access_key: "sync-secret",
    });
    expect(result.status).toBe(1);
    expectNeutral(result);
  });

  it("state-bucket, from a store's error answers", async () => {
    const { url, server } = await serve(() => s3Error(HOSTILE_LINE));
    servers.push(server);
    const file = workspaceFile({
      name: "app",
      state: { backend: "s3", bucket: "states", region: "us-east-1", endpoint: url },
    });
    const result = await runTsAsync("bin/state-bucket.ts", [file], {
      AWS_ACCESS_KEY_ID: "state-key",
      AWS_SECRET_ACCESS_KEY: "state-secret",
    });
    expect(result.status).toBe(1);
    expectNeutral(result);
  });
});
