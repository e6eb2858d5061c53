import { createHash, randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { BACKEND_IMAGE, SNAPSHOT_COMMAND_LABEL, SYNC_COMMAND_LABEL } from "../../constructs/domain";
import { DEFAULT_CONVEX_VERSION, SNAPSHOT_IMAGE, SYNC_IMAGE } from "../../constructs/domain/defaults";
import {
  SIDECAR_LAST_RUN_FILE,
  SNAPSHOT_CHECKSUMS,
  SNAPSHOT_DATABASE,
  SNAPSHOT_MANIFEST,
  SNAPSHOTS_FOLDER,
} from "../../constructs/domain/snapshots";
import { ensureImages } from "../../drill/images";
import { DockerObjects, docker, dockerResult, eventually } from "../helpers/docker";
import { type EmittedContainer, createArguments, emittedContainers } from "../helpers/emitted-containers";
import { createBucket, deleteBucket, listObjects, objectText, rgw, rgwClient, uniqueName } from "../helpers/rgw";
import { runTs } from "../helpers/run";
import { tempDir } from "../helpers/temp";
import { synth, workspace } from "../helpers/workspaces";

/*
 * The LocalPlusSync sidecars as the stack emits them (each container's entrypoint, environment, mounts, user
 * and the one-shot commands of its labels, from cdk.tf.json), on the real engine with the drill's images,
 * against data volumes seeded with the backend stand-in, uploading to the real Ceph RGW. Cycles are
 * triggered with `docker exec`, as a user takes a snapshot now. Each describe is one defect a first run of
 * the stack found.
 */

const BACKEND = `${BACKEND_IMAGE}:${DEFAULT_CONVEX_VERSION}`;
const client = rgwClient();
const bucket = uniqueName("i19-sidecars");
const objects = new DockerObjects();
// The test setup hands out the RGW at the address containers reach it by (the Docker bridge's gateway).
const endpoint = rgw().endpoint;

beforeAll(async () => {
  await ensureImages([
    BACKEND,
    `${SNAPSHOT_IMAGE.repository}:${SNAPSHOT_IMAGE.tag}`,
    `${SYNC_IMAGE.repository}:${SYNC_IMAGE.tag}`,
  ]);
  await createBucket(client, bucket);
}, 1_800_000);

afterAll(async () => {
  objects.removeAll();
  await deleteBucket(client, bucket).catch(() => undefined);
  client.destroy();
});

interface DeploymentOptions {
  readonly keepSnapshots?: number;
  readonly generation?: number;
}

/** One LocalPlusSync workspace of this run: its stack, its sidecars, and the Docker objects they use. */
class Deployment {
  readonly name: string;
  private synthesized?: { file: Record<string, unknown>; containers: Record<string, EmittedContainer> };

  constructor(
    stem: string,
    private readonly options: DeploymentOptions = {},
    name = `${stem}-${objects.runId}`,
  ) {
    this.name = name;
  }

  /** Synthesized on first use: the RGW's address for containers is known only once the suite has started. */
  private get stack(): { file: Record<string, unknown>; containers: Record<string, EmittedContainer> } {
    if (!this.synthesized) {
      const file = {
        name: this.name,
        ...(this.options.generation ? { volume: { generation: this.options.generation } } : {}),
        storage: {
          kind: "LocalPlusSync",
          target: { kind: "CephViaGateway", endpoint, bucket, prefix: `${this.name}/storage` },
          ...(this.options.keepSnapshots ? { keepSnapshots: this.options.keepSnapshots } : {}),
        },
      };
      const { accessKeyId, secretAccessKey } = rgw();
      const containers = emittedContainers(synth(workspace(file)), {
        sync_access_key_id: accessKeyId,
        sync_secret_access_key: secretAccessKey,
      });
      this.synthesized = { file, containers };
    }
    return this.synthesized;
  }

  get file(): Record<string, unknown> {
    return this.stack.file;
  }
  get containers(): Record<string, EmittedContainer> {
    return this.stack.containers;
  }
  get snapshot(): EmittedContainer {
    return this.containers[`convex-${this.name}-snapshot`];
  }
  get sync(): EmittedContainer {
    return this.containers[`convex-${this.name}-sync`];
  }
  /** The data volume the sidecars mount (this generation's). */
  get dataVolume(): string {
    return this.snapshot.volumes.find((v) => v.containerPath === "/convex/data")!.volume;
  }
  get snapshotsPrefix(): string {
    return `${this.name}/storage/${SNAPSHOTS_FOLDER}/`;
  }

  /** Creates the network and volumes the sidecars use (those not there yet: a later generation shares some). */
  createObjects(): void {
    for (const container of [this.snapshot, this.sync]) {
      for (const { volume } of container.volumes) objects.ensureVolume(volume);
      if (container.network && container.network !== "none") objects.ensureNetwork(container.network);
    }
  }

  /** Runs the stand-in backend on the data volume (not a container of the stack: the sidecars are under test). */
  startBackend(env: readonly string[] = []): string {
    const name = objects.run(`backend-${this.name}`, [
      ...env.flatMap((e) => ["-e", e]),
      "-v",
      `${this.dataVolume}:/convex/data`,
      BACKEND,
    ]);
    return name;
  }

  /** Creates and starts a sidecar exactly as emitted; its loop runs its first cycle at once. */
  start(container: EmittedContainer): void {
    objects.adopt(container.name);
    docker("create", ...createArguments(container));
    docker("start", container.name);
  }

  /** Waits until a sidecar's loop has ended its first cycle: its one process besides the shell is `sleep`. */
  async firstCycleDone(container: EmittedContainer): Promise<void> {
    await eventually(`${container.name} finishes its first cycle`, () =>
      docker("top", container.name, "-eo", "pid,args")
        .split("\n")
        .some((line) => /^\d+\s+sleep \d+$/.test(line.trim()))
        ? true
        : undefined,
    );
  }

  /** Runs a sidecar's one-shot command (its label) in it, as a user takes one now. */
  runOnce(container: EmittedContainer): { status: number | null; stdout: string; stderr: string } {
    return dockerResult("exec", container.name, "sh", "-c", this.commandOf(container));
  }

  commandOf(container: EmittedContainer): string {
    return container.labels[container === this.snapshot ? SNAPSHOT_COMMAND_LABEL : SYNC_COMMAND_LABEL];
  }

  /** The snapshot ids in the bucket, and the files of each. */
  async bucketSnapshots(): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    for (const key of (await listObjects(client, bucket, this.snapshotsPrefix)).keys()) {
      const [id, ...rest] = key.slice(this.snapshotsPrefix.length).split("/");
      found.set(id, [...(found.get(id) ?? []), rest.join("/")].sort());
    }
    return found;
  }
}

/** A sidecar's record of its last run: its exit status, and how many seconds ago it ended. */
function lastRun(container: EmittedContainer): { exitStatus: number; age: number } {
  const [ended, exitStatus] = docker("exec", container.name, "cat", SIDECAR_LAST_RUN_FILE).split(" ").map(Number);
  return { exitStatus, age: Math.round(Date.now() / 1000) - ended };
}

/** The ids a snapshot run's output says it made ready. */
function readyIds(output: string): string[] {
  return [...output.matchAll(/^snapshot (\S+) ready$/gm)].map((m) => m[1]);
}

/** A script that starts its body just after a second begins, so that what it runs twice starts within one second. */
function atTheStartOfASecond(body: string): string {
  return `s=$(date +%s); while [ "$(date +%s)" = "$s" ]; do :; done; ${body}`;
}

/** Downloads a snapshot's database and checks it: its SHA-256 as SHA256SUMS says, SQLite's integrity check, rows. */
async function verifySnapshot(
  deployment: Deployment,
  id: string,
): Promise<{ sha256Matches: boolean; integrity: string; bytes: number }> {
  const key = `${deployment.snapshotsPrefix}${id}/`;
  const sums = (await objectText(client, bucket, `${key}${SNAPSHOT_CHECKSUMS}`)) ?? "";
  const folder = tempDir("i19-snapshot-");
  const database = join(folder, SNAPSHOT_DATABASE);
  const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `${key}${SNAPSHOT_DATABASE}` }));
  writeFileSync(database, Buffer.from(await answer.Body!.transformToByteArray()));
  const content = readFileSync(database);
  const expected = new RegExp(`^([0-9a-f]{64})\\s+\\*?${SNAPSHOT_DATABASE}$`, "m").exec(sums)?.[1];
  const integrity = dockerResult(
    "run",
    "--rm",
    "--user",
    "root",
    "-v",
    `${folder}:/check`,
    `${SNAPSHOT_IMAGE.repository}:${SNAPSHOT_IMAGE.tag}`,
    "sqlite3",
    "-readonly",
    `/check/${SNAPSHOT_DATABASE}`,
    "PRAGMA integrity_check",
  ).stdout.trim();
  return {
    sha256Matches: createHash("sha256").update(content).digest("hex") === expected,
    integrity,
    bytes: content.length,
  };
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function expectIntact(snapshot: { sha256Matches: boolean; integrity: string; bytes: number }): void {
  expect({ ...snapshot, empty: snapshot.bytes === 0 }).toEqual({
    ...snapshot,
    sha256Matches: true,
    integrity: "ok",
    empty: false,
  });
}

describe("two snapshots in the same second", () => {
  const deployment = new Deployment("same-second", { keepSnapshots: 5 });

  beforeAll(async () => {
    deployment.createObjects();
    deployment.startBackend();
    await eventually(
      "the backend's database",
      () =>
        dockerResult(
          "run",
          "--rm",
          "-v",
          `${deployment.dataVolume}:/d`,
          "--entrypoint",
          "test",
          BACKEND,
          "-s",
          "/d/db.sqlite3",
        ).status === 0 || undefined,
    );
    deployment.start(deployment.snapshot);
    deployment.start(deployment.sync);
    await deployment.firstCycleDone(deployment.snapshot);
    await deployment.firstCycleDone(deployment.sync);
  });

  it("get two ids, and every later snapshot is still uploaded and pruned", async () => {
    const twice = dockerResult(
      "exec",
      deployment.snapshot.name,
      "sh",
      "-c",
      atTheStartOfASecond(
        `(${deployment.commandOf(deployment.snapshot)}); (${deployment.commandOf(deployment.snapshot)})`,
      ),
    );
    expect(twice.status).toBe(0);
    const ids = readyIds(twice.stdout);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    const first = deployment.runOnce(deployment.sync);
    expect({ status: first.status, stderr: first.status === 0 ? "" : first.stderr }).toEqual({ status: 0, stderr: "" });
    const later = readyIds(deployment.runOnce(deployment.snapshot).stdout);
    const second = deployment.runOnce(deployment.sync);
    expect({ status: second.status, stderr: second.status === 0 ? "" : second.stderr }).toEqual({
      status: 0,
      stderr: "",
    });
    const inBucket = await deployment.bucketSnapshots();
    for (const id of [...ids, ...later])
      expect(inBucket.get(id)).toEqual(expect.arrayContaining([SNAPSHOT_CHECKSUMS, SNAPSHOT_DATABASE]));
    expect(docker("exec", deployment.sync.name, "ls", "/convex/snapshot-scratch/ready")).toBe("");
  });
});

describe("two snapshot runs at once", () => {
  const deployment = new Deployment("at-once", { keepSnapshots: 5 });

  beforeAll(async () => {
    deployment.createObjects();
    deployment.startBackend();
    await eventually(
      "the backend's database",
      () =>
        dockerResult(
          "run",
          "--rm",
          "-v",
          `${deployment.dataVolume}:/d`,
          "--entrypoint",
          "test",
          BACKEND,
          "-s",
          "/d/db.sqlite3",
        ).status === 0 || undefined,
    );
    deployment.start(deployment.snapshot);
    deployment.start(deployment.sync);
    await deployment.firstCycleDone(deployment.snapshot);
    await deployment.firstCycleDone(deployment.sync);
  });

  it("both succeed with ids of their own, and every snapshot uploaded is intact", async () => {
    const command = deployment.commandOf(deployment.snapshot);
    const both = dockerResult(
      "exec",
      deployment.snapshot.name,
      "sh",
      "-c",
      atTheStartOfASecond(
        `(${command}) >/tmp/a 2>&1 & a=$!; (${command}) >/tmp/b 2>&1 & b=$!; wait $a; ea=$?; wait $b; eb=$?; cat /tmp/a /tmp/b; echo "exits $ea $eb"`,
      ),
    );
    expect(both.stdout).toMatch(/^exits 0 0$/m);
    const ids = readyIds(both.stdout);
    expect(new Set(ids).size).toBe(2);
    expect(deployment.runOnce(deployment.sync).status).toBe(0);
    for (const id of ids) expectIntact(await verifySnapshot(deployment, id));
  });
});

describe("an empty database file", () => {
  const deployment = new Deployment("empty-file");

  beforeAll(() => {
    deployment.createObjects();
    // The backend has created its file and not yet written to it.
    docker("run", "--rm", "-v", `${deployment.dataVolume}:/d`, "--entrypoint", "touch", BACKEND, "/d/db.sqlite3");
    deployment.start(deployment.sync);
    deployment.start(deployment.snapshot);
  });

  it("is never marked ready, uploaded, or taken for a snapshot", async () => {
    await deployment.firstCycleDone(deployment.snapshot);
    const run = deployment.runOnce(deployment.snapshot);
    expect(readyIds(run.stdout)).toEqual([]);
    expect(
      docker("exec", deployment.snapshot.name, "sh", "-c", "ls /convex/snapshot-scratch/ready 2>/dev/null || true"),
    ).toBe("");
    expect(deployment.runOnce(deployment.sync).status).toBe(0);
    expect(await deployment.bucketSnapshots()).toEqual(new Map());
  });
});

describe.each(["delete", "wal"])("a database in journal mode %s", (mode) => {
  const deployment = new Deployment(`journal-${mode}`);
  let backend: string;

  beforeAll(async () => {
    deployment.createObjects();
    backend = deployment.startBackend([`CONVEX_STAND_IN_JOURNAL_MODE=${mode}`]);
    await eventually(
      "the backend's database",
      () =>
        dockerResult("exec", backend, "curl", "-fs", "http://localhost:3210/stand-in/status").stdout.includes(
          `"journalMode": "${mode}"`,
        ) || undefined,
    );
    deployment.start(deployment.snapshot);
    deployment.start(deployment.sync);
    await deployment.firstCycleDone(deployment.snapshot);
    await deployment.firstCycleDone(deployment.sync);
  });

  it("is snapshotted while the backend writes, and only the snapshot's own files are uploaded", async () => {
    const run = deployment.runOnce(deployment.snapshot);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    const [id] = readyIds(run.stdout);
    const sync = deployment.runOnce(deployment.sync);
    expect({ status: sync.status, stderr: sync.status === 0 ? "" : sync.stderr }).toEqual({ status: 0, stderr: "" });
    const files = (await deployment.bucketSnapshots()).get(id)!;
    expect(files.filter((file) => /-(wal|shm|journal)$/.test(file))).toEqual([]);
    expectIntact(await verifySnapshot(deployment, id));
  });

  it("is snapshotted when the backend is stopped cleanly", async () => {
    docker("stop", "--signal", "SIGINT", backend);
    const run = deployment.runOnce(deployment.snapshot);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    const [id] = readyIds(run.stdout);
    expect(deployment.runOnce(deployment.sync).status).toBe(0);
    expectIntact(await verifySnapshot(deployment, id));
  });
});

describe("a fresh deploy: the sidecars start before the backend has made its database", () => {
  const deployment = new Deployment("fresh");

  beforeAll(() => {
    deployment.createObjects();
    deployment.start(deployment.snapshot);
    deployment.start(deployment.sync);
  });

  it("the first cycles wait for the database and the storage folder instead of failing", async () => {
    await deployment.firstCycleDone(deployment.snapshot);
    await deployment.firstCycleDone(deployment.sync);
    expect(docker("logs", deployment.snapshot.name)).toMatch(/no database yet/);
    expect(docker("logs", deployment.sync.name)).toMatch(/no storage folder yet/);
    for (const container of [deployment.snapshot, deployment.sync])
      expect(lastRun(container)).toEqual({ exitStatus: 0, age: expect.any(Number) as number });
  });

  it("a snapshot is uploaded even before the backend has made its storage folder", async () => {
    // The database is there, the storage folder not yet.
    docker(
      "run",
      "--rm",
      "--user",
      "root",
      "-v",
      `${deployment.dataVolume}:/convex/data`,
      `${SNAPSHOT_IMAGE.repository}:${SNAPSHOT_IMAGE.tag}`,
      "sqlite3",
      "/convex/data/db.sqlite3",
      "CREATE TABLE documents(id); INSERT INTO documents VALUES (1);",
    );
    const [id] = readyIds(deployment.runOnce(deployment.snapshot).stdout);
    expect(id).toBeDefined();
    const sync = deployment.runOnce(deployment.sync);
    expect({ status: sync.status, stderr: sync.status === 0 ? "" : sync.stderr }).toEqual({ status: 0, stderr: "" });
    expect([...(await deployment.bucketSnapshots()).keys()]).toEqual([id]);
  });
});

describe("the record of a sidecar's last run", () => {
  const deployment = new Deployment("last-run");

  beforeAll(() => {
    deployment.createObjects();
    // Not a database: every snapshot of it fails.
    docker(
      "run",
      "--rm",
      "-v",
      `${deployment.dataVolume}:/d`,
      "--entrypoint",
      "sh",
      BACKEND,
      "-c",
      "head -c 8192 /dev/urandom > /d/db.sqlite3",
    );
    deployment.start(deployment.snapshot);
  });

  it("says when the last run ended and how, for a healthcheck to read", async () => {
    await deployment.firstCycleDone(deployment.snapshot);
    const failed = lastRun(deployment.snapshot);
    expect(failed.exitStatus).not.toBe(0);
    expect(failed.age).toBeLessThan(60);
    expect(dockerResult("logs", deployment.snapshot.name).stderr).toMatch(/file is not a database/);
  });
});

describe("a restore into the next generation", () => {
  const KEEP = 2;
  const generation1 = new Deployment("generations", { keepSnapshots: KEEP });
  const generation2 = new Deployment("generations", { keepSnapshots: KEEP, generation: 2 }, generation1.name);
  const folder = tempDir("i19-restore-");
  const file = join(folder, `${generation1.name}.json`);
  const { accessKeyId, secretAccessKey } = rgw();
  const restoreEnv = { TF_VAR_sync_access_key_id: accessKeyId, TF_VAR_sync_secret_access_key: secretAccessKey };
  let backend1: string;
  let restoredId: string;
  let leftovers: string[];

  const marker = (container: string, name: string, method = "GET") =>
    dockerResult(
      "exec",
      container,
      "curl",
      "-s",
      "-o",
      "/dev/null",
      "-w",
      "%{http_code}",
      "-X",
      method,
      `http://localhost:3210/stand-in/markers/${name}`,
    ).stdout;

  beforeAll(async () => {
    writeFileSync(file, JSON.stringify(generation1.file));
    generation1.createObjects();
    backend1 = generation1.startBackend();
    await eventually("generation 1's backend", () => (marker(backend1, "before", "POST") === "201" ? true : undefined));
    generation1.start(generation1.snapshot);
    generation1.start(generation1.sync);
    await generation1.firstCycleDone(generation1.snapshot);
    await generation1.firstCycleDone(generation1.sync);
    // The snapshot to restore, uploaded; then generation 1 goes on: a marker, files, two snapshots left
    // unuploaded. Snapshots a second apart, so that no two share an id on any version of the sidecar.
    await pause(1100);
    [restoredId] = readyIds(generation1.runOnce(generation1.snapshot).stdout);
    expect(generation1.runOnce(generation1.sync).status).toBe(0);
    expect(marker(backend1, "after", "POST")).toBe("201");
    await pause(6000); // the stand-in writes a file every 5 s
    expect(generation1.runOnce(generation1.sync).status).toBe(0);
    leftovers = readyIds(generation1.runOnce(generation1.snapshot).stdout);
    await pause(1100);
    leftovers.push(...readyIds(generation1.runOnce(generation1.snapshot).stdout));
    expect(leftovers).toHaveLength(2);
    // Generation 1's containers give way to generation 2's (Terraform replaces them; its volume is released).
    for (const container of [generation1.snapshot.name, generation1.sync.name, backend1])
      dockerResult("rm", "--force", container);
  });

  it("restores only the files the snapshot refers to, and the backend starts on it with the data it had", async () => {
    const restore = runTs("bin/restore.ts", [file, "--snapshot", restoredId], {
      ...restoreEnv,
      CONVEX_STACK_WORKSPACES: folder,
    });
    expect({ status: restore.status, stderr: restore.stderr }).toEqual({ status: 0, stderr: "" });
    objects.ensureVolume(generation2.dataVolume);
    // What the restore put in the volume, before a backend writes anything more to it.
    const restoredFiles = docker(
      "run",
      "--rm",
      "-v",
      `${generation2.dataVolume}:/convex/data`,
      "--entrypoint",
      "sh",
      BACKEND,
      "-c",
      "cd /convex/data/storage && find . -type f | sort",
    )
      .split("\n")
      .filter((line) => line !== "");
    const bucketFiles = [...(await listObjects(client, bucket, `${generation1.name}/storage/files/`)).keys()].map(
      (key) => `./${key.slice(`${generation1.name}/storage/`.length)}`,
    );
    // Exactly the files the snapshot's manifest lists; generation 1 wrote more after it, which are in the bucket.
    const manifest = (await objectText(
      client,
      bucket,
      `${generation1.snapshotsPrefix}${restoredId}/${SNAPSHOT_MANIFEST}`,
    ))!
      .split("\n")
      .filter((line) => line !== "")
      .map((path) => `./${path}`);
    expect(restoredFiles).toEqual([...manifest].sort());
    expect(bucketFiles.filter((path) => !manifest.includes(path)).length).toBeGreaterThan(0);

    const backend2 = generation2.startBackend();
    await eventually("generation 2's backend", () => (marker(backend2, "before") === "200" ? true : undefined));
    expect(marker(backend2, "after")).toBe("404");
    // Every file the restored database refers to is there, byte for byte.
    const referenced = JSON.parse(
      dockerResult("exec", backend2, "curl", "-s", "http://localhost:3210/stand-in/files").stdout,
    ) as { path: string }[];
    expect(referenced.length).toBeGreaterThan(0);
    const served = referenced.map(
      ({ path }) =>
        dockerResult(
          "exec",
          backend2,
          "curl",
          "-s",
          "-o",
          "/dev/null",
          "-w",
          "%{http_code}",
          `http://localhost:3210/stand-in/files/${path}`,
        ).stdout,
    );
    expect(new Set(served)).toEqual(new Set(["200"]));
  });

  it("generation 2's sidecars never upload generation 1's leftover snapshots, and pruning keeps the one it was restored from", async () => {
    generation2.createObjects();
    generation2.start(generation2.snapshot);
    generation2.start(generation2.sync);
    await generation2.firstCycleDone(generation2.snapshot);
    await generation2.firstCycleDone(generation2.sync);
    const sync = generation2.runOnce(generation2.sync);
    expect({ status: sync.status, stderr: sync.status === 0 ? "" : sync.stderr }).toEqual({ status: 0, stderr: "" });
    const inBucket = [...(await generation2.bucketSnapshots()).keys()];
    expect(inBucket).toContain(restoredId);
    for (const id of leftovers) expect(inBucket).not.toContain(id);
  });
});

describe("restore --dry-run", () => {
  const deployment = new Deployment("dry-run");
  const folder = tempDir("i19-dry-run-");
  const file = join(folder, `${deployment.name}.json`);
  const { accessKeyId, secretAccessKey } = rgw();
  const env = {
    TF_VAR_sync_access_key_id: accessKeyId,
    TF_VAR_sync_secret_access_key: secretAccessKey,
    CONVEX_STACK_WORKSPACES: folder,
  };
  /** A snapshot in the bucket with this database and this SHA256SUMS line for it. */
  const upload = async (id: string, database: Buffer, sha256: string) => {
    const key = `${deployment.snapshotsPrefix}${id}/`;
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${key}${SNAPSHOT_DATABASE}`, Body: database }));
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `${key}${SNAPSHOT_CHECKSUMS}`,
        Body: `${sha256}  ${SNAPSHOT_DATABASE}\n`,
      }),
    );
  };

  beforeAll(async () => {
    writeFileSync(file, JSON.stringify(deployment.file));
    // A damaged upload: the database does not match its SHA256SUMS.
    await upload("20250101T000000Z", randomBytes(4096), "0".repeat(64));
    // An empty file with its own, matching checksum (what an integrity check of an empty file lets through).
    await upload("20250102T000000Z", Buffer.alloc(0), createHash("sha256").update("").digest("hex"));
  });

  it("downloads the snapshot and checks it against its SHA256SUMS, refusing a damaged one", () => {
    const dryRun = runTs("bin/restore.ts", [file, "--dry-run", "--snapshot", "20250101T000000Z"], env);
    expect(dryRun.status).toBe(1);
    expect(dryRun.stderr).toMatch(/does not match its SHA256SUMS/);
    expect(dockerResult("volume", "inspect", `convex-${deployment.name}-data-g2`).status).not.toBe(0);
  });

  it("refuses an empty database even when its checksum matches", () => {
    const dryRun = runTs("bin/restore.ts", [file, "--dry-run"], env);
    expect(dryRun.status).toBe(1);
    expect(dryRun.stderr).toMatch(/snapshot 20250102T000000Z's database is not an SQLite database file/);
  });
});
