/**
 * `npm run bench:sidecars [-- --database-mib 1024]`: how much memory LocalPlusSync's sidecars use while they
 * snapshot and upload a large database, on the local Docker engine with the drill's images, uploading to a Ceph
 * RGW the bench starts for itself (scripts/services/start-rgw.sh, in a folder and on ports of its own, with an
 * in-memory OSD large enough for two uploads: the shared test daemon must never take such uploads, and a full OSD blocks every
 * upload to it), stopped by PID at the end. SIDECAR_RESOURCES
 * (constructs/domain/resources.ts) gives each sidecar twice its peak, and docs/performance.md has the figures.
 *
 * The sidecars are the containers the stack emits (cdk.tf.json, run through the drill's translation), on a
 * data volume that holds a database of the given size (rows of random bytes, written by the host's sqlite3)
 * and a storage folder of 200 files of 100 KiB. Two passes: first without memory or CPU limits (what they
 * use), then with the limits the stack emits (that the snapshot and the upload still succeed under them, and
 * how long they take). In each pass the snapshot sidecar's first run takes the snapshot, then the sync
 * sidecar's first run copies the files and uploads the snapshot.
 *
 * Memory is read from the container's cgroup (v1, cgroupfs: /sys/fs/cgroup/memory/docker/<id>) every 50 ms:
 * "peak resident" is the largest rss + mapped_file seen, what the processes hold; "as docker stats shows it" is
 * the largest usage less the inactive file pages (docker/cli's calculateMemUsageUnixNoCache), the figure an
 * operator compares with the limit; "peak with page cache" is the cgroup's memory.max_usage_in_bytes, which also
 * counts every file page the copy passes through (the kernel reclaims them at a limit instead of killing anything).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { SIDECAR_LAST_RUN_FILE, SIDECAR_RESOURCES } from "../constructs/domain";
import { Engine } from "../drill/engine";
import { ensureImages } from "../drill/images";
import { containerRequest } from "../drill/translation";
import { copyIntoVolume } from "../restore/docker-volume";
import { emittedAttributes } from "../__tests__/helpers/emitted-containers";
import { freePort } from "../__tests__/helpers/doctor";
import { dockerGateway } from "../__tests__/helpers/gateway";
import { rgwClient } from "../__tests__/helpers/rgw";
import { synth, workspace } from "../__tests__/helpers/workspaces";
import { runServiceScript, SERVICE_ENV } from "../__tests__/setup/services";
import type { WorkspaceFile } from "../vocabulary/workspace-schema";

const ENGINE = "unix:///var/run/docker.sock";
/** The documented LocalPlusSync workspace; the bench keeps its storage settings and replaces its target's bucket. */
const example = JSON.parse(
  readFileSync(join(__dirname, "..", "config", "examples", "local-plus-sync.json"), "utf8"),
) as WorkspaceFile & { storage: { target: Record<string, unknown> } };
const MIB = 1024 * 1024;
const SAMPLE_MS = 50;
const RUN_TIMEOUT_SECONDS = 1800;
const STORAGE_FILES = 200;
const STORAGE_FILE_KIB = 100;
/** The limits the bench removes for its first pass. */
const LIMIT_ATTRIBUTES = ["memory", "memory_swap", "cpu_period", "cpu_quota"];

interface Measurement {
  readonly sidecar: string;
  readonly pass: string;
  readonly seconds: number;
  readonly peakResidentMiB: number;
  readonly peakDockerMiB: number;
  readonly peakWithCacheMiB: number;
  readonly exitStatus: string;
  readonly oomKilled: boolean;
  readonly limitMiB?: number;
}

function options(argv: readonly string[]): { databaseMiB: number } {
  const at = argv.indexOf("--database-mib");
  const databaseMiB = at >= 0 ? Number(argv[at + 1]) : 1024;
  if (!Number.isInteger(databaseMiB) || databaseMiB < 1) throw new Error("--database-mib takes a whole number of MiB");
  return { databaseMiB };
}

/** The container's memory cgroup (v1, cgroupfs driver), or a refusal naming what this machine has instead. */
function cgroupOf(id: string): string {
  const folder = `/sys/fs/cgroup/memory/docker/${id}`;
  try {
    readFileSync(join(folder, "memory.stat"));
  } catch {
    throw new Error(`no cgroup v1 memory controller at ${folder}: the bench reads cgroup v1 (cgroupfs driver) only`);
  }
  return folder;
}

/** What the container's processes hold (rss + mapped_file), and its memory as `docker stats` shows it. */
function sample(folder: string): { resident: number; docker: number } {
  const stat = Object.fromEntries(
    readFileSync(join(folder, "memory.stat"), "utf8")
      .trim()
      .split("\n")
      .map((line) => line.split(" "))
      .map(([key, value]) => [key, Number(value)]),
  );
  const usage = Number(readFileSync(join(folder, "memory.usage_in_bytes"), "utf8"));
  // docker/cli's calculateMemUsageUnixNoCache (cgroup v1): usage less the inactive file pages.
  const inactive = stat.total_inactive_file ?? 0;
  return { resident: (stat.rss ?? 0) + (stat.mapped_file ?? 0), docker: inactive < usage ? usage - inactive : usage };
}

/** Runs one sidecar until its first run is recorded, sampling its memory. */
async function measure(
  engine: Engine,
  attributes: Record<string, unknown>,
  pass: string,
  sidecar: string,
): Promise<Measurement> {
  const request = containerRequest(attributes);
  const name = request.create.name!;
  await engine.removeContainer(name);
  await engine.createContainer(request);
  const started = Date.now();
  const folder = cgroupOf((await engine.inspectContainer(name)).Id);
  let peak = 0;
  let peakDocker = 0;
  let record = "";
  let lastRead = 0;
  while (!record) {
    if (Date.now() - started > RUN_TIMEOUT_SECONDS * 1000)
      throw new Error(`${name}: no run recorded after ${RUN_TIMEOUT_SECONDS} s:\n${await engine.logTail(name)}`);
    try {
      const now = sample(folder);
      peak = Math.max(peak, now.resident);
      peakDocker = Math.max(peakDocker, now.docker);
    } catch {
      break; // the cgroup is gone: the container stopped
    }
    if (Date.now() - lastRead > 500) {
      lastRead = Date.now();
      const read = await engine.exec(name, ["cat", SIDECAR_LAST_RUN_FILE]).catch(() => undefined);
      if (read?.exitCode === 0) record = read.output.trim();
    }
    await sleep(SAMPLE_MS);
  }
  const seconds = (Date.now() - started) / 1000;
  const withCache = Number(readFileSync(join(folder, "memory.max_usage_in_bytes"), "utf8"));
  const state = (await engine.inspectContainer(name)).State;
  const measurement: Measurement = {
    sidecar,
    pass,
    seconds,
    peakResidentMiB: peak / MIB,
    peakDockerMiB: peakDocker / MIB,
    peakWithCacheMiB: withCache / MIB,
    exitStatus: record.split(" ")[1] ?? `none (container ${state.Status})`,
    oomKilled: state.OOMKilled,
    limitMiB: typeof attributes.memory === "number" ? attributes.memory : undefined,
  };
  if (measurement.exitStatus !== "0")
    process.stderr.write(`${name} (${pass}): exit status ${measurement.exitStatus}\n${await engine.logTail(name)}\n`);
  await engine.removeContainer(name);
  return measurement;
}

/** A database of `mib` MiB (rows of 4000 random bytes, one per page) and a storage folder, in `folder`. */
function seed(folder: string, mib: number): void {
  mkdirSync(folder);
  const rows = Math.round((mib * MIB) / 4096);
  execFileSync("sqlite3", [
    join(folder, "db.sqlite3"),
    `CREATE TABLE documents (id INTEGER PRIMARY KEY, value BLOB);
     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows})
     INSERT INTO documents (value) SELECT randomblob(4000) FROM n;`,
  ]);
  for (let i = 0; i < STORAGE_FILES; i++) {
    const file = join(folder, "storage", "files", `${String(i % 16).padStart(2, "0")}`, `file-${i}`);
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, randomBytes(STORAGE_FILE_KIB * 1024));
  }
}

async function main(): Promise<void> {
  const { databaseMiB } = options(process.argv.slice(2));
  const name = `bench-sidecars-${randomBytes(3).toString("hex")}`;
  const work = mkdtempSync(join(tmpdir(), "bench-sidecars-"));
  // Room for both passes' uploads (the deleted ones are freed only by RGW's garbage collection, hours later).
  const rgwEnv = {
    CONVEX_STACK_SERVICES_DIR: join(work, "services"),
    RGW_PORT: String(await freePort()),
    RGW_MON_PORT_V2: String(await freePort()),
    RGW_MON_PORT_V1: String(await freePort()),
    RGW_MEMSTORE_BYTES: String((2 * databaseMiB + 1024) * MIB),
  };
  process.stderr.write(`${runServiceScript("start-rgw.sh", rgwEnv)}\n`);
  process.env.CONVEX_TEST_RGW_ENDPOINT = `http://127.0.0.1:${rgwEnv.RGW_PORT}`;
  process.env.CONVEX_TEST_RGW_ACCESS_KEY = SERVICE_ENV.CONVEX_TEST_RGW_ACCESS_KEY;
  process.env.CONVEX_TEST_RGW_SECRET_KEY = SERVICE_ENV.CONVEX_TEST_RGW_SECRET_KEY;
  const endpoint = `http://${dockerGateway()}:${rgwEnv.RGW_PORT}`;
  const client = rgwClient();
  const engine = new Engine(ENGINE);
  const volumes: string[] = [];
  const buckets: string[] = [];
  const measurements: Measurement[] = [];
  try {
    process.stderr.write(`seeding a ${databaseMiB} MiB database...\n`);
    seed(join(work, "data"), databaseMiB);
    for (const pass of ["no limits", "the emitted limits"]) {
      // A bucket per pass: the second upload must not find the first one's files in place.
      const bucket = `${name}-${buckets.length + 1}`;
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      buckets.push(bucket);
      // The example LocalPlusSync workspace, its target moved to this bench's RGW and bucket.
      const ws = workspace({
        name,
        storage: {
          ...example.storage,
          target: { ...example.storage.target, endpoint, bucket, prefix: name },
        },
      });
      const containers = emittedAttributes(synth(ws), {
        sync_access_key_id: SERVICE_ENV.CONVEX_TEST_RGW_ACCESS_KEY,
        sync_secret_access_key: SERVICE_ENV.CONVEX_TEST_RGW_SECRET_KEY,
      });
      const snapshot = containers[`convex-${name}-snapshot`];
      const sync = containers[`convex-${name}-sync`];
      // The images the stack pins, built locally as the drill builds them (cached by recipe).
      await ensureImages([String(snapshot.image), String(sync.image)], {
        say: (line) => process.stderr.write(`${line}\n`),
      });
      for (const volume of [snapshot, sync].flatMap((c) => c.volumes as { volume_name: string }[]))
        if (!volumes.includes(volume.volume_name)) {
          await engine.createVolume({ create: { Name: volume.volume_name } });
          volumes.push(volume.volume_name);
        }
      const network = (sync.networks_advanced as { name: string }[])[0].name;
      if ((await engine.existing("network", [network])).length === 0)
        await engine.createNetwork({ create: { Name: network, CheckDuplicate: true } });
      if (pass === "no limits") {
        process.stderr.write(`copying it into the data volume...\n`);
        await copyIntoVolume(ENGINE, `convex-${name}-data`, "/convex/data", join(work, "data"));
      }
      const limits = (attributes: Record<string, unknown>) =>
        pass === "no limits"
          ? Object.fromEntries(Object.entries(attributes).filter(([key]) => !LIMIT_ATTRIBUTES.includes(key)))
          : attributes;
      process.stderr.write(`${pass}: snapshot...\n`);
      measurements.push(await measure(engine, limits(snapshot), pass, "snapshot"));
      process.stderr.write(`${pass}: sync...\n`);
      measurements.push(await measure(engine, limits(sync), pass, "sync"));
    }
  } finally {
    // Each removal on its own: one that fails leaves the others to run (and is said).
    const removing = [
      ...["snapshot", "sync"].map((c) => () => engine.removeContainer(`convex-${name}-${c}`)),
      () => engine.removeNetwork(`convex-${name}`),
      ...volumes.map((volume) => () => engine.removeVolume(volume)),
    ];
    for (const remove of removing)
      await remove().catch((error: unknown) => process.stderr.write(`cleanup: ${String(error)}\n`));
    client.destroy();
    process.stderr.write(`${runServiceScript("stop-rgw.sh", rgwEnv)}\n`);
    rmSync(work, { recursive: true, force: true });
  }
  const round = (n: number) => n.toFixed(1);
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} CPUs, ${round(totalmem() / 1024 ** 3)} GiB memory, load average ${round(loadavg()[0])}; a ${databaseMiB} MiB database and ${STORAGE_FILES} files of ${STORAGE_FILE_KIB} KiB.`,
    "",
    "| sidecar | limits | first run (s) | exit status | OOM-killed | peak resident (MiB) | peak as docker stats shows it (MiB) | peak with page cache (MiB) |",
    "|---|---|---:|---:|---|---:|---:|---:|",
    ...measurements.map(
      (m) =>
        `| ${m.sidecar} | ${m.limitMiB === undefined ? "none" : `${m.limitMiB} MiB`} | ${round(m.seconds)} | ${m.exitStatus} | ${m.oomKilled ? "yes" : "no"} | ${round(m.peakResidentMiB)} | ${round(m.peakDockerMiB)} | ${round(m.peakWithCacheMiB)} |`,
    ),
    "",
    ...(["snapshot", "sync"] as const).map((sidecar) => {
      const free = measurements.find((m) => m.sidecar === sidecar && m.pass === "no limits")!;
      return `- ${sidecar}: peak ${round(free.peakDockerMiB)} MiB as docker stats shows it (${round(free.peakResidentMiB)} MiB resident); SIDECAR_RESOURCES.${sidecar}.memoryMiB is ${SIDECAR_RESOURCES[sidecar].memoryMiB} (${round(SIDECAR_RESOURCES[sidecar].memoryMiB / free.peakDockerMiB)} times the peak)`;
    }),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  const failed = measurements.filter((m) => m.exitStatus !== "0" || m.oomKilled);
  if (failed.length > 0) process.exitCode = 1;
}

// The AWS SDK warns on stderr about Node 20 support in 2027; it says nothing about the bench.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
main().catch((error: unknown) => {
  process.stderr.write(`bench:sidecars: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
