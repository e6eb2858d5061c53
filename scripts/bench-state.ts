/**
 * `npm run bench:state [-- --runs 5]`: how the data-loss guards' processing of a Terraform state grows with
 * the number of resource instances it records. Prints one Markdown row per size and the ratio the target is
 * about: 40,000 instances processed in at most 12 times the time of 4,000 (docs/performance.md).
 *
 * Processing only, in this process: the state file is written, the workspace loaded and every module
 * loaded before the clock starts; each timed run reads the file, parses it, and runs the three guards that
 * read a state (volumes, revisions, retention) offline. Each row is a hostile state: every instance is of
 * one kind a guard reads and names this workspace's objects (its data volume, with labels; the volume
 * guard's ledger; the downgrade guard's record of the generation in use; backend images; backend
 * containers), so every instance takes the longest path through the guards; the last row mixes them.
 *
 * The ratio is of CPU time (user + system of this process, V8's collector threads included): on a shared
 * machine a run of a few milliseconds often ends within one time slice while a run of a hundred is
 * descheduled several times, so wall time overstates the larger run. Wall time is printed beside it. Each
 * run starts from a collected heap, and the two sizes are timed turn about, so a change of load spreads
 * over both.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { loadWorkspaces } from "../config/load";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import { BACKEND_IMAGE, KNOWN_REVISIONS } from "../constructs/domain";
import { checkDeployedRevisions } from "../guards/deployed-revisions";
import { checkExistingVolumes } from "../guards/existing-volumes";
import { checkRetentionChanges } from "../guards/retention-change";
import { localStatePath } from "../guards/state-file";
import { readWorkspaceStates } from "../guards/state-source";

const SIZES = [4_000, 40_000] as const;
/** What the issue asks of the guards: ten times the instances in at most this many times the time. */
const TARGET_RATIO = 12;
/** Instances per resource, as a `count` or `for_each` would record them. */
const PER_RESOURCE = 100;

function parseRuns(argv: readonly string[]): number {
  const i = argv.indexOf("--runs");
  if (i < 0) return 5;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--runs needs a whole number of runs, got ${argv[i + 1]}`);
  return n;
}

type Instance = { readonly type: string; readonly name: string; readonly attributes: Record<string, unknown> };

/** One kind of instance a guard reads, each naming workspace `name`'s objects; `i` makes each instance its own. */
interface Shape {
  readonly label: string;
  readonly instance: (name: string, i: number) => Instance;
}

const FINGERPRINT = { database: "sqlite", storageLocation: "volume", storageMode: "local" };
const REVISIONS = Object.keys(KNOWN_REVISIONS);

function volumeLabels(name: string, partly: boolean): { label: string; value: string }[] {
  const labels = [
    { label: "convex-stack.workspace", value: name },
    { label: "convex-stack.instance-name", value: `convex-${name}` },
    { label: "convex-stack.database", value: FINGERPRINT.database },
    { label: "convex-stack.storage-mode", value: FINGERPRINT.storageMode },
    { label: "convex-stack.storage-location", value: FINGERPRINT.storageLocation },
  ];
  return partly ? labels.slice(0, 2) : labels;
}

const SHAPES: readonly Shape[] = [
  {
    label: "the data volume, labelled",
    instance: (name, i) => ({
      type: "docker_volume",
      name: "convex_data_volume",
      attributes: {
        name: `convex-${name}-data`,
        labels: [...volumeLabels(name, false), { label: `x-${i}`, value: "" }],
      },
    }),
  },
  {
    label: "the data volume, partly labelled",
    instance: (name) => ({
      type: "docker_volume",
      name: "convex_data_volume",
      attributes: { name: `convex-${name}-data`, labels: volumeLabels(name, true) },
    }),
  },
  {
    label: "volumes of every generation and others",
    instance: (name, i) => ({
      type: "docker_volume",
      name: "convex_data_volume",
      attributes: { name: i % 2 ? `convex-${name}-data-g${(i % 100) + 1}` : `other-${i}`, labels: [] },
    }),
  },
  {
    label: "volume guard ledgers",
    instance: (name) => ({
      type: "terraform_data",
      name: "convex_volume-guard_ledger",
      attributes: {
        output: { value: { ...FINGERPRINT, instanceName: `convex-${name}`, workspace: name } },
        triggers_replace: { value: { volume: `convex-${name}-data` } },
      },
    }),
  },
  {
    label: "downgrade guard records",
    instance: (_name, i) => ({
      type: "terraform_data",
      name: "convex_downgrade-guard_no-revision-older-than_4381F5C5",
      attributes: { input: { value: { revision: REVISIONS[i % REVISIONS.length] } } },
    }),
  },
  {
    label: "backend images, beside the data volume",
    instance: (name, i) =>
      i === 0
        ? { type: "docker_volume", name: "convex_data_volume", attributes: { name: `convex-${name}-data` } }
        : {
            type: "docker_image",
            name: "convex_backend_image",
            attributes: { name: `${BACKEND_IMAGE}:${REVISIONS[i % REVISIONS.length]}` },
          },
  },
  {
    label: "backend containers",
    instance: (name, i) => ({
      type: "docker_container",
      name: "convex_backend_container",
      attributes: { name: `convex-${name}-backend`, env: [`DOCUMENT_RETENTION_DELAY=${i}`, "RUST_LOG=info"] },
    }),
  },
];

/** All of the shapes in turn, one resource of each. */
const MIXED: Shape = {
  label: "all of the above, mixed",
  instance: (name, i) => SHAPES[Math.floor(i / PER_RESOURCE) % SHAPES.length].instance(name, i),
};

/** A state of `count` instances of `shape`, `PER_RESOURCE` instances to a resource. */
function hostileState(name: string, count: number, shape: Shape): string {
  const resources: unknown[] = [];
  let current: { mode: string; type: string; name: string; instances: unknown[] } | undefined;
  for (let i = 0; i < count; i++) {
    const instance = shape.instance(name, i);
    if (!current || current.type !== instance.type || current.instances.length === PER_RESOURCE) {
      current = { mode: "managed", type: instance.type, name: instance.name, instances: [] };
      resources.push(current);
    }
    current.instances.push({ attributes: instance.attributes });
  }
  return JSON.stringify({ version: 4, serial: 1, lineage: "bench", resources });
}

/**
 * Each run starts from a heap without the previous run's garbage (node --expose-gc, as `npm run bench:state`
 * starts it), so no run pays for another's collection.
 */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
  const runs = parseRuns(process.argv.slice(2));
  const scratch = mkdtempSync(join(tmpdir(), "convex-stack-bench-state-"));
  try {
    const outdir = join(scratch, "cdktf.out");
    const [small, large] = SIZES;
    // One workspace per size, each with its own state file, so the sizes can be timed turn about.
    const workspaceOf = (count: number) => {
      const dir = join(scratch, `workspaces-${count}`);
      mkdirSync(dir);
      writeFileSync(join(dir, "bench.json"), JSON.stringify({ name: `bench-${count}` }));
      return loadWorkspaces({ path: dir });
    };
    const workspaces: Record<number, ResolvedWorkspace[]> = {
      [small]: workspaceOf(small),
      [large]: workspaceOf(large),
    };
    const options = { outdir, env: {}, offline: true };
    const processState = async (count: number) => {
      const group = workspaces[count];
      const states = await readWorkspaceStates(group, options);
      await checkExistingVolumes(group, { ...options, states });
      await checkDeployedRevisions(group, { ...options, states });
      await checkRetentionChanges(group, { ...options, states });
    };
    const timed = async (count: number) => {
      collectGarbage();
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      await processState(count);
      const used = process.cpuUsage(cpu);
      return { cpu: (used.user + used.system) / 1e6, wall: Number(process.hrtime.bigint() - start) / 1e9 };
    };
    const lines = [
      `State processing by the data-loss guards (read, parse, volumes, revisions, retention; offline), ${runs} runs of each size taken turn about: median CPU time (median wall time). Node ${process.version}, load average ${loadavg()[0].toFixed(2)} at start.`,
      "",
      `| every instance is | ${small} instances (s) | ${large} instances (s) | state of ${large} (MB) | ratio, CPU (wall) |`,
      "|---|---:|---:|---:|---:|",
    ];
    let worst = 0;
    for (const shape of [...SHAPES, MIXED]) {
      let bytes = 0;
      for (const count of SIZES) {
        const text = hostileState(`bench-${count}`, count, shape);
        bytes = text.length;
        writeFileSync(localStatePath(`bench-${count}`, outdir), text);
        await processState(count); // warm-up, untimed: the code compiled for this shape and size
      }
      const cpu: Record<number, number[]> = { [small]: [], [large]: [] };
      const wall: Record<number, number[]> = { [small]: [], [large]: [] };
      for (let run = 0; run < runs; run++) {
        for (const count of SIZES) {
          const time = await timed(count);
          cpu[count].push(time.cpu);
          wall[count].push(time.wall);
        }
      }
      const ratio = median(cpu[large]) / median(cpu[small]);
      const wallRatio = median(wall[large]) / median(wall[small]);
      worst = Math.max(worst, ratio);
      const cell = (count: number) => `${median(cpu[count]).toFixed(4)} (${median(wall[count]).toFixed(4)})`;
      lines.push(
        `| ${shape.label} | ${cell(small)} | ${cell(large)} | ${(bytes / 2 ** 20).toFixed(1)} | ${ratio.toFixed(1)} (${wallRatio.toFixed(1)}) |`,
      );
      process.stderr.write(`bench:state: ${shape.label} done\n`);
    }
    lines.push(
      "",
      `Worst: ${large} instances take ${worst.toFixed(1)} times the CPU time of ${small} (target: at most ${TARGET_RATIO}): ${worst <= TARGET_RATIO ? "met" : "MISSED"}. Load average ${loadavg()[0].toFixed(2)} at the end.`,
    );
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

void main();
