import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import {
  DEFAULTS,
  KNOWN_REVISIONS,
  SNAPSHOT_COMMAND_LABEL,
  SYNC_COMMAND_LABEL,
  fingerprintLabels,
} from "../../constructs/domain";
import { SIDECAR_LAST_RUN_FILE, SNAPSHOTS_FOLDER } from "../../constructs/domain/snapshots";
import { DATABASE_FILE, SNAPSHOT_SCRATCH, STORAGE_FOLDER } from "../../constructs/storage/database-snapshots";
import { EMPTY_IMAGE, copyIntoVolume } from "../../restore/docker-volume";
import { RESTORED_FROM_LABEL } from "../../restore/restore";
import { createBucket, deleteBucket, listObjects, rgw, rgwClient, uniqueName } from "../helpers/rgw";
import { runTs } from "../helpers/run";
import { byName, envOf, synth, workspace } from "../helpers/workspaces";
import { tempDir } from "../helpers/temp";

/*
 * LocalPlusSync as a backup that restores, with the real parts: the snapshot and upload commands exactly
 * as synthesized (each container's label), run with Debian's sqlite3 and rclone against the real Ceph RGW
 * while another process keeps writing to the database; then `npm run restore` into the real Docker engine.
 * Only the two mount points are remapped to folders of this test.
 */

const { endpoint, accessKeyId, secretAccessKey } = rgw();
const client = rgwClient();
const bucket = uniqueName("i13-backup");
const NAME = `backup-${process.pid}`;
const KEEP = 3;
const file = {
  name: NAME,
  storage: {
    kind: "LocalPlusSync" as const,
    target: { kind: "CephViaGateway" as const, endpoint, bucket, prefix: `${NAME}/storage` },
    keepSnapshots: KEEP,
  },
};
const ws = workspace(file);
const stack = synth(ws);
const containers = byName(stack, "docker_container");
const labelOf = (container: string, label: string) =>
  (containers[container].labels as { label: string; value: string }[]).find((l) => l.label === label)!.value;
const snapshotCommand = labelOf(`convex-${NAME}-snapshot`, SNAPSHOT_COMMAND_LABEL);
const syncCommand = labelOf(`convex-${NAME}-sync`, SYNC_COMMAND_LABEL);
const secrets: Record<string, string> = { sync_access_key_id: accessKeyId, sync_secret_access_key: secretAccessKey };
const rcloneEnv = Object.fromEntries(
  Object.entries(envOf(stack, `convex-${NAME}-sync`)).map(([key, value]) => [
    key,
    value.replace(/\$\{var\.(\w+)\}/g, (_m, name: string) => secrets[name]),
  ]),
);

const work = tempDir("backup-restore-");
const data = join(work, "data");
const scratch = join(work, "scratch");
const workspaces = join(work, "workspaces");
const GENERATION_1 = `convex-${NAME}-data`;
const GENERATION_2 = `convex-${NAME}-data-g2`;

/** A command from the synthesized JSON with the container's mount points moved to this test's folders. */
function run(command: string, env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const remapped = command
    .split("/convex/data")
    .join(data)
    .split(SNAPSHOT_SCRATCH)
    .join(scratch)
    .split(SIDECAR_LAST_RUN_FILE)
    .join(join(work, "last-run"));
  const result = spawnSync("sh", ["-c", remapped], {
    env: { PATH: process.env.PATH, HOME: work, ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function sqlite(db: string, sql: string): string {
  return execFileSync("sqlite3", ["-cmd", ".timeout 60000", db, sql], { encoding: "utf8" }).trim();
}

function docker(...args: string[]): string {
  return execFileSync("docker", args, { encoding: "utf8" }).trim();
}

/** Every file under a folder, by relative path, with its bytes. */
function filesUnder(root: string): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else found.set(relative(root, path), readFileSync(path));
    }
  };
  walk(root);
  return found;
}

/** A volume's contents, read through a container that is never started. */
function volumeContents(volume: string): Map<string, Buffer> {
  const helper = `i13-read-${randomBytes(4).toString("hex")}`;
  docker("container", "create", "--name", helper, "--volume", `${volume}:/convex/data`, EMPTY_IMAGE, "/never-started");
  const out = tempDir("volume-");
  try {
    execFileSync("sh", ["-c", `docker cp ${helper}:/convex/data - | tar -x -C ${out}`]);
  } finally {
    docker("container", "rm", helper);
  }
  return filesUnder(join(out, "data"));
}

function addStorageFile(path: string, bytes: number): void {
  mkdirSync(dirname(join(data, "storage", path)), { recursive: true });
  writeFileSync(join(data, "storage", path), randomBytes(bytes));
}

let writer: ChildProcess;
/** Per snapshot id: the newest row committed before it started, and the storage files on disk then. */
const taken = new Map<string, { committed: number; files: string[] }>();
let generation1: Map<string, Buffer>;

beforeAll(async () => {
  await createBucket(client, bucket);
  mkdirSync(join(data, "storage"), { recursive: true });
  // The scratch volume's mount point, which a container always has.
  mkdirSync(scratch, { recursive: true });
  mkdirSync(workspaces);
  writeFileSync(join(workspaces, `${NAME}.json`), JSON.stringify(file));
  sqlite(
    join(data, "db.sqlite3"),
    "CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB); INSERT INTO t(v) SELECT randomblob(512) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000) SELECT x FROM c);",
  );
  // Another process keeps committing rows, ten per transaction, twenty transactions a second at most (a
  // busier writer only starves this test's own readers on a loaded machine; the snapshot holds either way).
  const batch = `BEGIN; ${"INSERT INTO t(v) VALUES(randomblob(512)); ".repeat(10)}COMMIT;`;
  writer = spawn(
    "sh",
    [
      "-c",
      `(echo ".timeout 60000"; while :; do echo "${batch}"; sleep 0.05; done) | sqlite3 ${join(data, "db.sqlite3")}`,
    ],
    {
      detached: true,
      stdio: "ignore",
    },
  );
  // Generation 1 is in use and holds data of its own.
  const inUse = tempDir("in-use-");
  writeFileSync(join(inUse, "db.sqlite3"), randomBytes(4096));
  const labels = fingerprintLabels(ws.fingerprint);
  docker("volume", "create", ...Object.entries(labels).flatMap(([k, v]) => ["--label", `${k}=${v}`]), GENERATION_1);
  await copyIntoVolume("unix:///var/run/docker.sock", GENERATION_1, "/convex/data", inUse);
  generation1 = volumeContents(GENERATION_1);
});

afterAll(async () => {
  if (writer?.pid) process.kill(-writer.pid, "SIGTERM");
  for (const volume of [GENERATION_1, GENERATION_2]) spawnSync("docker", ["volume", "rm", volume], { stdio: "ignore" });
  await deleteBucket(client, bucket).catch(() => undefined);
  client.destroy();
});

describe("LocalPlusSync's snapshots against a real RGW, while the database is written", () => {
  it("runs in each sidecar the command its label shows, and touches no ${ or %{ that Terraform would read", () => {
    expect((containers[`convex-${NAME}-snapshot`].entrypoint as string[])[2]).toContain(
      `do (${snapshotCommand}); sleep 900`,
    );
    expect((containers[`convex-${NAME}-sync`].entrypoint as string[])[2]).toContain(`do (${syncCommand}); sleep 900`);
    expect(`${snapshotCommand}${syncCommand}`).not.toMatch(/\$\{|%\{/);
    expect(snapshotCommand).toContain(DATABASE_FILE);
    expect(syncCommand).toContain(STORAGE_FOLDER);
  });

  it("uploads a consistent snapshot each cycle under a timestamped prefix, the files first, and keeps the newest three", async () => {
    for (let cycle = 1; cycle <= 4; cycle++) {
      addStorageFile(`files/${randomBytes(8).toString("hex")}`, 10_000 * cycle);
      if (cycle === 2) addStorageFile("modules/bundle.zip", 300_000);
      const committed = Number(sqlite(join(data, "db.sqlite3"), "SELECT max(id) FROM t"));
      const files = [...filesUnder(join(data, "storage")).keys()];
      const snapshot = run(snapshotCommand);
      expect({ status: snapshot.status, stderr: snapshot.stderr }).toEqual({ status: 0, stderr: "" });
      const id = /^snapshot (\d{8}T\d{6}Z) ready$/m.exec(snapshot.stdout)![1];
      taken.set(id, { committed, files });
      const upload = run(syncCommand, rcloneEnv);
      expect({ status: upload.status, stderr: upload.status === 0 ? "" : upload.stderr }).toEqual({
        status: 0,
        stderr: "",
      });
      expect(readdirSync(join(scratch, "ready"))).toEqual([]);
      // Ids are seconds: the next snapshot starts in another one.
      await new Promise((resolve) => setTimeout(resolve, 1100));
    }
    expect(Number(sqlite(join(data, "db.sqlite3"), "SELECT max(id) FROM t"))).toBeGreaterThan(
      Math.max(...[...taken.values()].map((t) => t.committed)),
    );

    const objects = await listObjects(client, bucket, `${NAME}/storage/${SNAPSHOTS_FOLDER}/`);
    // Snapshots are folders; the sync sidecar's copy record next to them is not one.
    const kept = [
      ...new Set([...objects.keys()].filter((key) => key.split("/").length > 4).map((key) => key.split("/")[3])),
    ].sort();
    expect(kept).toEqual([...taken.keys()].sort().slice(-KEEP));
    for (const id of kept) {
      expect(
        [...objects.keys()]
          .filter((key) => key.includes(`/${id}/`))
          .map((key) => key.split("/")[4])
          .sort(),
      ).toEqual(["SHA256SUMS", "backend-revision", "db.sqlite3", "storage-manifest"]);
    }
  });

  it("restores every kept snapshot into generation 2: intact, every row committed before it started, the files byte-identical; generation 1 untouched", () => {
    const env = { TF_VAR_sync_access_key_id: accessKeyId, TF_VAR_sync_secret_access_key: secretAccessKey };
    const local = filesUnder(join(data, "storage"));
    for (const id of [...taken.keys()].sort().slice(-KEEP)) {
      const result = runTs("bin/restore.ts", [join(workspaces, `${NAME}.json`), "--snapshot", id], env);
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
      expect(result.stdout).toContain(`Restored ${id} into ${GENERATION_2}; ${GENERATION_1} was not touched.`);
      expect(result.stdout).toContain(`set "volume": { "generation": 2 }`);

      const restored = volumeContents(GENERATION_2);
      const db = join(tempDir("restored-"), "db.sqlite3");
      writeFileSync(db, restored.get("db.sqlite3")!);
      expect(sqlite(db, "PRAGMA integrity_check")).toBe("ok");
      const { committed, files } = taken.get(id)!;
      expect(Number(sqlite(db, `SELECT count(*) FROM t WHERE id <= ${committed}`))).toBe(committed);
      for (const path of files) expect(restored.get(join("storage", path))?.equals(local.get(path)!)).toBe(true);
      const labels = JSON.parse(docker("volume", "inspect", "--format", "{{json .Labels}}", GENERATION_2)) as unknown;
      expect(labels).toEqual({
        ...fingerprintLabels(ws.fingerprint),
        [RESTORED_FROM_LABEL]: `${bucket}/${NAME}/storage/${SNAPSHOTS_FOLDER}/${id}`,
      });

      expect(volumeContents(GENERATION_1)).toEqual(generation1);
      docker("volume", "rm", GENERATION_2);
    }
  });

  it("lists the snapshots and changes nothing in a dry run; refuses an older revision than the snapshot's, and a generation 2 that exists", () => {
    const env = { TF_VAR_sync_access_key_id: accessKeyId, TF_VAR_sync_secret_access_key: secretAccessKey };
    const dry = runTs("bin/restore.ts", [join(workspaces, `${NAME}.json`), "--dry-run"], env);
    expect(dry.status).toBe(0);
    const newest = [...taken.keys()].sort().pop()!;
    expect(dry.stdout).toContain(
      `Snapshots of ${NAME} in ${bucket}/${NAME}/storage/${SNAPSHOTS_FOLDER}/, newest first:\n  ${newest}`,
    );
    expect(dry.stdout).toContain(`Restore ${newest}`);
    expect(dry.stdout).toContain(
      "Dry run: the snapshot's database was downloaded and checked; no file was copied and nothing was created.",
    );
    expect(spawnSync("docker", ["volume", "inspect", GENERATION_2]).status).not.toBe(0);

    // The snapshots were written by the pinned revision: an older one in the file would run over their database.
    writeFileSync(
      join(workspaces, "older.json"),
      JSON.stringify({ ...file, convex: { version: "4d3b0a5de955a258e70e3813bbff486051d88820" } }),
    );
    const older = runTs("bin/restore.ts", [join(workspaces, "older.json")], env);
    expect(older.status).toBe(1);
    expect(older.stderr).toContain(
      `was written by ${DEFAULTS.version} (${KNOWN_REVISIONS[DEFAULTS.version]}), and ${join(workspaces, "older.json")} asks for 4d3b0a5de955a258e70e3813bbff486051d88820 (2025-09-12), an older revision`,
    );

    docker("volume", "create", GENERATION_2);
    const refused = runTs("bin/restore.ts", [join(workspaces, `${NAME}.json`)], env);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`restore: Docker volume ${GENERATION_2} (volume.generation 2) already exists`);
    expect(volumeContents(GENERATION_2).size).toBe(0);
    docker("volume", "rm", GENERATION_2);
  });
});
