import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { Drill } from "../../drill/drill";
import { Report } from "../../drill/report";
import { runDrill } from "../../drill/run";
import { docker } from "../helpers/docker";
import { freePorts } from "../helpers/doctor";
import { ROOT } from "../helpers/run";
import { createBucket, deleteBucket, deleteBuckets, requireEnv, rgw, rgwClient, uniqueName } from "../helpers/rgw";

/*
 * The drill, for real: each workspace below is a copy of a shipped workspace file, named and ported for this
 * run (other runs share the engine), pointed at the services the test setup started, at the address the
 * containers reach them by (the Docker bridge's gateway). All drill runs are in this one file, so they run
 * one at a time.
 */

jest.setTimeout(600_000);

const pgUrl = new URL(requireEnv("CONVEX_TEST_PG_URL"));
const folder = mkdtempSync(join(tmpdir(), "drill-test-"));
const client = rgwClient();

afterAll(() => {
  client.destroy();
  rmSync(folder, { recursive: true, force: true });
});

/** A shipped workspace file, renamed for this run, on free host ports, with `change` applied. */
async function workspaceFile(
  shipped: string,
  change: (file: Record<string, unknown>) => void = () => undefined,
): Promise<{ file: string; name: string }> {
  const file = JSON.parse(readFileSync(join(ROOT, shipped), "utf8")) as Record<string, unknown>;
  delete file.$schema;
  const name = uniqueName("drill");
  file.name = name;
  file.network = {
    ...(file.network as object | undefined),
    ports: await freePorts(),
  };
  change(file);
  const path = join(folder, `${name}.json`);
  writeFileSync(path, JSON.stringify(file, null, 2));
  return { file: path, name };
}

const rgwEnv = (prefix: "storage" | "sync") => ({
  [`TF_VAR_${prefix}_access_key_id`]: rgw().accessKeyId,
  [`TF_VAR_${prefix}_secret_access_key`]: rgw().secretAccessKey,
});

/** runDrill with its lines collected; the run's own clean-up has happened when it resolves. */
async function drill(file: string, env: NodeJS.ProcessEnv): Promise<{ outcome: string; lines: string[] }> {
  const lines: string[] = [];
  const outcome = await runDrill({ workspaceFile: file, env: { ...process.env, ...env }, say: (l) => lines.push(l) });
  if (outcome !== "passed") throw new Error(`the drill ${outcome}:\n${lines.join("\n")}`);
  return { outcome, lines };
}

const stepNames = (lines: readonly string[]) =>
  lines.filter((l) => /^(ok|FAIL) /.test(l)).map((l) => /^\S+\s+[\d.]+ s {2}([^:]+):/.exec(l)?.[1]);

/** Every Docker object whose name carries the workspace's name: none may be left. */
function leftOver(name: string): string[] {
  return [
    ["ps", "-a", "--format", "{{.Names}}"],
    ["volume", "ls", "--format", "{{.Name}}"],
    ["network", "ls", "--format", "{{.Name}}"],
  ].flatMap((list) =>
    docker(...list)
      .split("\n")
      .filter((object) => object.includes(name)),
  );
}

describe("npm run drill", () => {
  it("brings the default LocalStorage workspace up, reports no change on a second apply, exits 0 and leaves nothing", async () => {
    const { file, name } = await workspaceFile("config/workspaces/local.json");
    const result = spawnSync("npm", ["run", "--silent", "drill", "--", file], {
      cwd: ROOT,
      env: process.env,
      encoding: "utf8",
      timeout: 300_000,
    });
    const lines = result.stdout.split("\n");
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
    expect(stepNames(lines)).toEqual([
      "synthesize",
      "images",
      "evaluate",
      "create",
      "running and healthy",
      "second apply",
    ]);
    expect(lines.find((l) => l.includes("second apply"))).toMatch(/no change: terraform's plan is empty/);
    // Every line about the backend or the dashboard says they are stand-ins.
    for (const line of lines.filter((l) => /-(backend|dashboard)\b/.test(l))) expect(line).toMatch(/stand-in|STAND-IN/);
    expect(lines.at(-2)).toMatch(/passed \(6 of 6 steps passed/);
    expect(leftOver(name)).toEqual([]);
  });

  it("LocalPlusSync against the RGW: the first snapshot lands, restores into the next generation and a backend runs on it, also from the bucket alone", async () => {
    const bucket = uniqueName("drill-backups");
    await createBucket(client, bucket);
    try {
      const { file, name } = await workspaceFile("config/examples/local-plus-sync.json", (ws) => {
        const storage = ws.storage as { target: Record<string, unknown> };
        storage.target = { ...storage.target, endpoint: rgw().endpoint, bucket, prefix: "notes" };
      });
      const { lines } = await drill(file, rgwEnv("sync"));
      expect(stepNames(lines)).toEqual([
        "sync target",
        "synthesize",
        "images",
        "evaluate",
        "create",
        "running and healthy",
        "second apply",
        "first snapshot",
        "snapshot integrity",
        "restore",
        "deploy the restored volume",
        "restored data",
        "disaster",
        "restore after the disaster",
        "deploy the restored volume after the disaster",
        "restored data after the disaster",
      ]);
      expect(lines.find((l) => l.includes("snapshot integrity"))).toMatch(/PRAGMA integrity_check .*: ok/);
      expect(lines.find((l) => /ok .* restored data after the disaster/.test(l))).toMatch(
        new RegExp(`runs on convex-${name}-data-g3: marker before-snapshot-\\w+ is there, after-snapshot-\\w+ is not`),
      );
      expect(leftOver(name)).toEqual([]);
    } finally {
      await deleteBucket(client, bucket);
    }
  });

  it("CephViaGateway against the RGW: Terraform provisions the buckets, the backend comes up, a second apply changes nothing", async () => {
    const prefix = uniqueName("drill-team");
    const { file, name } = await workspaceFile("config/examples/ceph-via-gateway.json", (ws) => {
      ws.storage = { ...(ws.storage as object), endpoint: rgw().endpoint, bucketPrefix: prefix };
    });
    try {
      await drill(file, rgwEnv("storage"));
      expect(leftOver(name)).toEqual([]);
    } finally {
      await deleteBuckets(client, prefix).catch(() => undefined);
    }
  });

  it("PostgreSQL against the local PostgreSQL: the backend keeps its rows there", async () => {
    const { file, name } = await workspaceFile("config/examples/postgres.json", (ws) => {
      // The test server speaks plain text; the shipped example asks for TLS with a CA file.
      ws.database = { kind: "postgres", host: pgUrl.hostname, requireSsl: false };
    });
    const database = `convex_${name.replace(/-/g, "_")}`;
    const connect = (db: string) =>
      new Client({
        host: pgUrl.hostname,
        port: Number(pgUrl.port),
        user: pgUrl.username,
        password: pgUrl.password,
        database: db,
      });
    const admin = connect("postgres");
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    try {
      await drill(file, { TF_VAR_database_url: pgUrl.href });
      const rows = connect(database);
      await rows.connect();
      const written = await rows.query<{ n: number }>("SELECT count(*)::int AS n FROM documents");
      await rows.end();
      // The stand-in wrote its rows into the database the instance name gives, on this server.
      expect(written.rows[0].n).toBeGreaterThan(0);
      expect(leftOver(name)).toEqual([]);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }
  });
});

describe("the drill's refusals", () => {
  it("refuses a Docker host that is not a local unix:// socket, before doing anything", async () => {
    const { file } = await workspaceFile("config/workspaces/local.json", (ws) => {
      ws.docker = { host: "ssh://deploy@build-host" };
    });
    const lines: string[] = [];
    expect(await runDrill({ workspaceFile: file, say: (l) => lines.push(l) })).toBe("failed");
    expect(lines).toEqual([
      expect.stringMatching(/docker\.host is "ssh:\/\/deploy@build-host": the drill runs only on the local engine/),
    ]);
  });

  it("refuses to start when a name of the stack already exists, and leaves that object alone", async () => {
    const { file, name } = await workspaceFile("config/workspaces/local.json");
    docker("network", "create", `convex-${name}`);
    try {
      const lines: string[] = [];
      expect(await runDrill({ workspaceFile: file, say: (l) => lines.push(l) })).toBe("failed");
      expect(lines.find((l) => l.startsWith("FAIL"))).toMatch(
        new RegExp(
          `evaluate: network convex-${name} already exists .*the drill never touches objects it did not create`,
        ),
      );
      expect(docker("network", "inspect", "--format", "{{.Name}}", `convex-${name}`)).toBe(`convex-${name}`);
      expect(leftOver(name)).toEqual([`convex-${name}`]);
    } finally {
      docker("network", "rm", `convex-${name}`);
    }
  });
});

describe("the drill's checks", () => {
  /** A drill of a workspace driven step by step, for a test that interferes between steps. */
  async function drillSteps(shipped: string, change?: (file: Record<string, unknown>) => void) {
    const { file } = await workspaceFile(shipped, change);
    const lines: string[] = [];
    return new Drill(
      { workspaceFile: file, env: { ...process.env, ...rgwEnv("sync") } },
      new Report((l) => lines.push(l)),
    );
  }

  it("a second apply reports a setting changed on a running container", async () => {
    const drill = await drillSteps("config/workspaces/local.json");
    try {
      await drill.synthesize();
      await drill.buildImages();
      await drill.evaluate(true);
      await drill.reconcile();
      await drill.waitUntilUp();
      await expect(drill.secondApply()).resolves.toMatch(/no change/);
      docker("update", "--restart", "no", `convex-${drill.ws.name}-backend`);
      await expect(drill.secondApply()).rejects.toThrow(
        new RegExp(`docker_container convex-${drill.ws.name}-backend: restart wanted "unless-stopped", found "no"`),
      );
    } finally {
      await drill.removeCreated();
      drill.removeRunDir();
    }
  });

  it("a broken sidecar command fails the drill with that container's last log lines", async () => {
    const bucket = uniqueName("drill-broken");
    const drill = await drillSteps("config/examples/local-plus-sync.json", (ws) => {
      const storage = ws.storage as { target: Record<string, unknown> };
      storage.target = { ...storage.target, endpoint: rgw().endpoint, bucket };
    });
    try {
      await drill.synthesize();
      const stack = JSON.parse(readFileSync(drill.stackFile, "utf8")) as {
        resource: { docker_container: Record<string, { name: string; entrypoint: string[] }> };
      };
      const sync = Object.values(stack.resource.docker_container).find((c) => c.name.endsWith("-sync"))!;
      sync.entrypoint = ["sh", "-c", "echo 'drill test: this sidecar is broken' >&2; exit 3"];
      writeFileSync(drill.stackFile, JSON.stringify(stack));
      drill.loadStack();
      await drill.buildImages();
      await drill.evaluate(true);
      await drill.reconcile();
      await expect(drill.waitUntilUp()).rejects.toThrow(
        new RegExp(
          `${sync.name} (restarted|exited).*last log lines:\\n\\s+\\| drill test: this sidecar is broken`,
          "s",
        ),
      );
    } finally {
      await drill.removeCreated();
      drill.removeRunDir();
    }
  });
});
