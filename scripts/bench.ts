/**
 * `npm run bench [-- --runs 5 --cli-runs 5]`: measures validation and synthesis side by side and
 * prints a Markdown table (the one in docs/performance.md) and the targets.
 *
 * Every figure is the median of several runs of the command a user runs, as a child process: wall time
 * (and the fastest run's, the least disturbed by other work on the machine), CPU time (user + system, all
 * processes of the command) and peak resident memory of the largest process of the command's tree (GNU
 * time's "maximum resident set size"). Rows are measured round-robin (one run of each row per round), so
 * a change of machine load spreads over all rows instead of skewing one. Each row runs once, untimed,
 * before the first round (warm page cache, tsx's cache filled). Every run is checked: exit 0 and one stack
 * (or one `ok` line) per workspace, else the bench stops with the command's output.
 *
 * Sets CONVEX_STACK_OFFLINE=1 (no live Docker checks during validate/synth) and CHECKPOINT_DISABLE=1,
 * except in the rows of group "live Docker check", measured only when a Docker engine answers. The rows of
 * group "S3 state" (workspaces whose state block keeps the state in a bucket, each with a state object
 * there, read by the data-loss guard) are measured only when the test services' Ceph RGW answers; the
 * bench creates its bucket there and removes it afterwards.
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { SERVICE_ENV } from "../__tests__/setup/services";

const ROOT = resolve(__dirname, "..");
const TIME = "/usr/bin/time";
const SIZES = [1, 10, 50] as const;
/** How every command of the project runs a TypeScript entry point (cdktf.json's app, the npm scripts). */
const TS = ["node", "--require", "tsx/cjs"];
/** The direct form of `npm run validate`, as an editor's on-save hook would run it. */
const VALIDATE_DIRECT = `\`${TS.join(" ")} bin/validate.ts <dir>\``;

interface Options {
  readonly runs: number;
  readonly cliRuns: number;
}

interface Run {
  readonly wall: number;
  readonly cpu: number;
  readonly rssMb: number;
}

interface Row {
  readonly group: string;
  readonly label: string;
  readonly workspaces: number | "default";
  readonly command: readonly string[];
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly slow?: boolean;
  /** Runs before each timed run, untimed. */
  readonly before?: () => void;
  /** Checks one run's result; returns a complaint or undefined. */
  readonly check: (stdout: string, outdir: string) => string | undefined;
  readonly runs: Run[];
}

function parseOptions(argv: string[]): Options {
  const value = (flag: string, fallback: number): number => {
    const i = argv.indexOf(flag);
    if (i < 0) return fallback;
    const n = Number(argv[i + 1]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a whole number of runs, got ${argv[i + 1]}`);
    return n;
  };
  const runs = value("--runs", 5);
  return { runs, cliRuns: value("--cli-runs", runs) };
}

/** GNU time is the one way to get the peak memory of a child's whole process tree; install it when missing. */
function preflight(): void {
  if (!existsSync(TIME)) {
    process.stderr.write("bench: /usr/bin/time is missing; installing Debian's `time` package\n");
    const apt = spawnSync("sh", ["-c", "apt-get install -y time || (apt-get update && apt-get install -y time)"], {
      stdio: "inherit",
    });
    if (apt.status !== 0 || !existsSync(TIME)) {
      throw new Error(
        "bench needs GNU time at /usr/bin/time: install it with `apt-get install -y time` (as root) and run again",
      );
    }
  }
  if (!existsSync(join(ROOT, "node_modules", "cdktf")))
    throw new Error("bench needs the dependencies: run `npm ci` first");
}

const scratch = mkdtempSync(join(tmpdir(), "convex-stack-bench-"));
let outdirs = 0;

/**
 * Distinct, valid workspace files with distinct ports, as a team's directory of workspaces would be; with
 * `state`, each keeps its state in that bucket.
 */
function generateWorkspaces(count: number, state?: StateBucket): string {
  const dir = join(scratch, `workspaces-${count}${state ? "-s3" : ""}`);
  mkdirSync(dir);
  for (let i = 1; i <= count; i++) {
    const base = 20000 + i * 10;
    const file = {
      name: `team-${i}`,
      network: { ports: { backend: base, site: base + 1, dashboard: base + 2 } },
      ...(state
        ? { state: { backend: "s3", bucket: state.bucket, region: "us-east-1", endpoint: state.endpoint } }
        : {}),
    };
    writeFileSync(join(dir, `team-${i}.json`), `${JSON.stringify(file, null, 2)}\n`);
  }
  return dir;
}

/** A bucket on the test services' RGW holding a deployed state for each of the generated workspaces. */
interface StateBucket {
  readonly endpoint: string;
  readonly bucket: string;
  /** The AWS variables terraform, and so the guard, reads the bucket with. */
  readonly env: NodeJS.ProcessEnv;
}

/** A client of the test RGW; one per use, as the gateway closes idle connections during the minutes of a bench. */
function rgwClient(): S3Client {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const credentials = {
    accessKeyId: SERVICE_ENV.CONVEX_TEST_RGW_ACCESS_KEY,
    secretAccessKey: SERVICE_ENV.CONVEX_TEST_RGW_SECRET_KEY,
  };
  const endpoint = SERVICE_ENV.CONVEX_TEST_RGW_ENDPOINT;
  return new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: "WHEN_REQUIRED",
    maxAttempts: 1,
  });
}

/** The RGW's bucket with one state object per workspace (the guard's fixture under each name), or undefined when no RGW answers. */
async function stateBucket(count: number): Promise<StateBucket | undefined> {
  const client = rgwClient();
  const bucket = `convex-stack-bench-${process.pid}`;
  try {
    try {
      await client.send(new CreateBucketCommand({ Bucket: bucket }), { abortSignal: AbortSignal.timeout(3000) });
    } catch {
      return undefined;
    }
    const fixture = readFileSync(join(ROOT, "__tests__", "fixtures", "terraform.app.tfstate"), "utf8");
    for (let i = 1; i <= count; i++) {
      const state = fixture.replace(/convex-app/g, `convex-team-${i}`).replace(/"app"/g, `"team-${i}"`);
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: `convex-stack/team-${i}.tfstate`, Body: state }));
    }
  } finally {
    client.destroy();
  }
  const env = {
    AWS_ACCESS_KEY_ID: SERVICE_ENV.CONVEX_TEST_RGW_ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: SERVICE_ENV.CONVEX_TEST_RGW_SECRET_KEY,
  };
  return { endpoint: SERVICE_ENV.CONVEX_TEST_RGW_ENDPOINT, bucket, env };
}

async function removeStateBucket(state: StateBucket): Promise<void> {
  const client = rgwClient();
  try {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: state.bucket }));
    const objects = (listed.Contents ?? []).map((o) => ({ Key: o.Key! }));
    if (objects.length > 0)
      await client.send(new DeleteObjectsCommand({ Bucket: state.bucket, Delete: { Objects: objects } }));
    await client.send(new DeleteBucketCommand({ Bucket: state.bucket }));
  } finally {
    client.destroy();
  }
}

/** A minimal cdktf app, one docker_container, run the same way as this project's app, with its dependencies. */
function generateBaseline(): string {
  const dir = join(scratch, "baseline");
  mkdirSync(dir, { recursive: true });
  symlinkSync(realpathSync(join(ROOT, "node_modules")), join(dir, "node_modules"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "baseline", private: true }));
  writeFileSync(
    join(dir, "cdktf.json"),
    JSON.stringify({
      language: "typescript",
      app: `${TS.join(" ")} main.ts`,
      projectId: "bench-baseline",
      sendCrashReports: "false",
    }),
  );
  writeFileSync(
    join(dir, "main.ts"),
    [
      'import { Container } from "@cdktf/provider-docker/lib/container";',
      'import { DockerProvider } from "@cdktf/provider-docker/lib/provider";',
      'import { App, TerraformStack } from "cdktf";',
      "const app = new App();",
      'const stack = new TerraformStack(app, "baseline");',
      'new DockerProvider(stack, "docker", {});',
      'new Container(stack, "web", { name: "web", image: "nginx:1.27" });',
      "app.synth();",
      "",
    ].join("\n"),
  );
  return dir;
}

/** A package whose only script does nothing but start node: what `npm run` costs by itself. */
function generateNpmNoop(): string {
  const dir = join(scratch, "npm-noop");
  mkdirSync(dir);
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "noop", private: true, scripts: { noop: "node -e 0" } }),
  );
  return dir;
}

const okLines = (n: number) => (stdout: string) => {
  const count = stdout.split("\n").filter((line) => line.startsWith("ok ")).length;
  return count === n ? undefined : `expected ${n} ok lines, got ${count}`;
};

const stacks = (n: number) => (_stdout: string, outdir: string) => {
  const manifest = join(outdir, "manifest.json");
  if (!existsSync(manifest)) return `no ${manifest}`;
  const written = JSON.parse(readFileSync(manifest, "utf8")) as { stacks: Record<string, unknown> };
  const count = Object.keys(written.stacks).length;
  return count === n ? undefined : `expected ${n} stacks in the manifest, got ${count}`;
};

const nothing = () => undefined;

function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CONVEX_STACK_OFFLINE: "1", CHECKPOINT_DISABLE: "1" };
  delete env.CONVEX_STACK_WORKSPACES;
  delete env.CDKTF_OUTDIR;
  return env;
}

function measure(row: Row): Run {
  row.before?.();
  const outdir = join(scratch, `out-${++outdirs}`);
  const command = row.command.map((part) => part.replace("$OUT", outdir));
  const env = { ...baseEnv(), ...row.env };
  for (const [key, value] of Object.entries(env))
    if (typeof value === "string") env[key] = value.replace("$OUT", outdir);
  const timeFile = join(scratch, "time.txt");
  const start = process.hrtime.bigint();
  const result = spawnSync(TIME, ["-o", timeFile, "-f", "%U %S %M", ...command], {
    cwd: row.cwd,
    env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const complaint = result.status !== 0 ? `exit ${result.status}` : row.check(result.stdout, outdir);
  if (complaint) {
    throw new Error(
      `${row.label} (${row.workspaces}): ${complaint}\n$ ${command.join(" ")}\n${result.stdout}\n${result.stderr}`,
    );
  }
  rmSync(outdir, { recursive: true, force: true });
  const [user, system, rssKb] = readFileSync(timeFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
  return { wall, cpu: user + system, rssMb: rssKb / 1024 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function rows(state: StateBucket | undefined): Row[] {
  const { app } = JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")) as { app: string };
  const cdktf = join(ROOT, "node_modules", ".bin", "cdktf");
  const baseline = generateBaseline();
  const noop = generateNpmNoop();
  const dirs = Object.fromEntries(SIZES.map((n) => [n, generateWorkspaces(n)])) as Record<
    (typeof SIZES)[number],
    string
  >;
  const list: Omit<Row, "runs">[] = [
    { group: "start-up", label: "`node -e 0`", workspaces: 0, command: ["node", "-e", "0"], cwd: ROOT, check: nothing },
    {
      group: "start-up",
      label: `\`${TS.join(" ")} -e 0\``,
      workspaces: 0,
      command: [...TS, "-e", "0"],
      cwd: ROOT,
      check: nothing,
    },
    {
      group: "start-up",
      label: "`npm run` of a script that runs `node -e 0`",
      workspaces: 0,
      command: ["npm", "run", "--silent", "noop"],
      cwd: noop,
      check: nothing,
    },
  ];
  for (const n of SIZES) {
    list.push(
      {
        group: "validate",
        label: "`npm run validate -- <dir>`",
        workspaces: n,
        command: ["npm", "run", "--silent", "validate", "--", dirs[n]],
        cwd: ROOT,
        check: okLines(n),
      },
      {
        group: "validate",
        label: VALIDATE_DIRECT,
        workspaces: n,
        command: [...TS, "bin/validate.ts", dirs[n]],
        cwd: ROOT,
        check: okLines(n),
      },
    );
  }
  list.push({
    group: "validate",
    label: "`npm run validate`, tsx's cache empty (as after editing every file)",
    workspaces: 1,
    command: ["npm", "run", "--silent", "validate", "--", dirs[1]],
    cwd: ROOT,
    env: { TMPDIR: "$OUT" }, // tsx keeps its cache under the temporary directory
    check: okLines(1),
  });
  for (const n of SIZES) {
    const env = { CDKTF_OUTDIR: "$OUT", CONVEX_STACK_WORKSPACES: dirs[n] };
    list.push({
      group: "synth, app",
      label: `cdktf.json's app: \`${app}\``,
      workspaces: n,
      command: ["sh", "-c", app],
      cwd: ROOT,
      env,
      check: stacks(n),
    });
  }
  list.push(
    {
      group: "synth, app",
      label: "cdktf.json's app, tsx's cache empty (as after editing every file)",
      workspaces: 1,
      command: ["sh", "-c", app],
      cwd: ROOT,
      env: { CDKTF_OUTDIR: "$OUT", CONVEX_STACK_WORKSPACES: dirs[1], TMPDIR: "$OUT" },
      check: stacks(1),
    },
    {
      group: "synth, app",
      label: "baseline: one docker_container, same app command",
      workspaces: 1,
      command: [...TS, "main.ts"],
      cwd: baseline,
      env: { CDKTF_OUTDIR: "$OUT" },
      check: stacks(1),
    },
  );
  if (dockerAnswers()) {
    // What users get by default: the data-loss guard asks the Docker engine about the workspaces' volumes.
    const live = { CONVEX_STACK_OFFLINE: "" };
    for (const n of [1, 50] as const) {
      list.push(
        {
          group: "live Docker check",
          label: "`npm run validate -- <dir>`",
          workspaces: n,
          command: ["npm", "run", "--silent", "validate", "--", dirs[n]],
          cwd: ROOT,
          env: live,
          check: okLines(n),
        },
        {
          group: "live Docker check",
          label: `cdktf.json's app: \`${app}\``,
          workspaces: n,
          command: ["sh", "-c", app],
          cwd: ROOT,
          env: { ...live, CDKTF_OUTDIR: "$OUT", CONVEX_STACK_WORKSPACES: dirs[n] },
          check: stacks(n),
        },
      );
    }
  } else {
    process.stderr.write("bench: no Docker engine answers `docker info`: rows with the live volume check left out\n");
  }
  if (state) {
    // The data-loss guard reads every workspace's remote state: one GetObject each, all at once (offline: no Docker engine asked).
    for (const n of [1, 50] as const) {
      const dir = generateWorkspaces(n, state);
      list.push(
        {
          group: "S3 state",
          label: "`npm run validate -- <dir>`",
          workspaces: n,
          command: ["npm", "run", "--silent", "validate", "--", dir],
          cwd: ROOT,
          env: state.env,
          check: okLines(n),
        },
        {
          group: "S3 state",
          label: VALIDATE_DIRECT,
          workspaces: n,
          command: [...TS, "bin/validate.ts", dir],
          cwd: ROOT,
          env: state.env,
          check: okLines(n),
        },
        {
          group: "S3 state",
          label: `cdktf.json's app: \`${app}\``,
          workspaces: n,
          command: ["sh", "-c", app],
          cwd: ROOT,
          env: { ...state.env, CDKTF_OUTDIR: "$OUT", CONVEX_STACK_WORKSPACES: dir },
          check: stacks(n),
        },
      );
    }
  } else {
    process.stderr.write(
      `bench: no Ceph RGW answers at ${SERVICE_ENV.CONVEX_TEST_RGW_ENDPOINT}: rows with the state in S3 left out\n`,
    );
  }
  for (const n of SIZES) {
    list.push({
      group: "synth, CLI",
      label: "`cdktf synth` (node_modules/.bin)",
      workspaces: n,
      command: [cdktf, "synth", "--output", "$OUT"],
      cwd: ROOT,
      env: { CONVEX_STACK_WORKSPACES: dirs[n] },
      slow: true,
      check: stacks(n),
    });
  }
  list.push(
    {
      group: "default workspace",
      label: "`npm run validate`",
      workspaces: "default",
      command: ["npm", "run", "--silent", "validate"],
      cwd: ROOT,
      check: okLines(1),
    },
    {
      group: "default workspace",
      label: "`npm run synth` (the app without the cdktf CLI)",
      workspaces: "default",
      command: ["npm", "run", "--silent", "synth", "--", "--output", "$OUT"],
      cwd: ROOT,
      check: stacks(1),
    },
  );
  list.push(
    {
      group: "synth, CLI",
      label: "`npx cdktf synth`, the default workspace (config/workspaces)",
      workspaces: "default",
      command: ["npx", "cdktf", "synth", "--output", "$OUT"],
      cwd: ROOT,
      slow: true,
      check: stacks(1),
    },
    {
      group: "synth, CLI",
      label: "baseline: one docker_container, `cdktf synth`",
      workspaces: 1,
      command: [cdktf, "synth", "--output", "$OUT"],
      cwd: baseline,
      slow: true,
      check: stacks(1),
    },
  );
  return list.map((row) => ({ ...row, runs: [] }));
}

/** Whether a Docker engine answers on the default host (the live data-loss check needs one). */
function dockerAnswers(): boolean {
  return spawnSync("docker", ["info"], { stdio: "ignore", timeout: 5000 }).status === 0;
}

/** Modules validate loads (every project file and dependency is a separate module). */
function modulesLoadedByValidate(dir: string): string[] {
  const recorder = join(scratch, "record-modules.js");
  const list = join(scratch, "modules.json");
  writeFileSync(
    recorder,
    `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(list)}, JSON.stringify(Object.keys(require.cache))));\n`,
  );
  const result = spawnSync(TS[0], [...TS.slice(1), "--require", recorder, "bin/validate.ts", dir], {
    cwd: ROOT,
    env: baseEnv(),
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`validate failed:\n${result.stderr}`);
  return JSON.parse(readFileSync(list, "utf8")) as string[];
}

function machine(): string {
  const model =
    /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpus()[0]?.model ?? "unknown";
  return `${cpus().length} CPUs (${model}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}, load average ${loadavg()[0].toFixed(2)} at start`;
}

function format(seconds: number): string {
  return seconds.toFixed(seconds < 1 ? 3 : 2);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const state = await stateBucket(Math.max(...SIZES));
  try {
    bench(options, state);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    if (state) await removeStateBucket(state);
  }
}

function bench(options: Options, state: StateBucket | undefined): void {
  preflight();
  const info = machine();
  const all = rows(state);
  process.stderr.write(
    `bench: ${all.length} rows, ${options.runs} runs each (${options.cliRuns} for cdktf CLI rows), scratch ${scratch}\n`,
  );
  for (const row of all) measure(row); // warm-up, untimed
  const rounds = Math.max(options.runs, options.cliRuns);
  for (let round = 1; round <= rounds; round++) {
    process.stderr.write(`bench: round ${round}/${rounds}\n`);
    for (const row of all) {
      if (round <= (row.slow ? options.cliRuns : options.runs)) row.runs.push(measure(row));
    }
  }
  const wall = (row: Row) => median(row.runs.map((r) => r.wall));
  const rss = (row: Row) => median(row.runs.map((r) => r.rssMb));
  const find = (group: string, prefix: string, workspaces: Row["workspaces"]) =>
    all.find((row) => row.group === group && row.label.startsWith(prefix) && row.workspaces === workspaces)!;

  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${info}; load average ${loadavg()[0].toFixed(2)} at the end. CONVEX_STACK_OFFLINE=1, CHECKPOINT_DISABLE=1.`,
    "",
    "| what | command | workspaces | runs | wall (s) | fastest wall (s) | CPU user+sys (s) | peak RSS (MB) |",
    "|---|---|---:|---:|---:|---:|---:|---:|",
    ...all.map(
      (row) =>
        `| ${row.group} | ${row.label} | ${row.workspaces === 0 ? "" : row.workspaces} | ${row.runs.length} | ${format(wall(row))} | ${format(Math.min(...row.runs.map((r) => r.wall)))} | ${format(median(row.runs.map((r) => r.cpu)))} | ${rss(row).toFixed(0)} |`,
    ),
  ];

  const node = wall(all[0]);
  const npmRun = wall(all[2]);
  const tsxStart = wall(all[1]);
  const validateNpm = find("validate", "`npm run validate -- <dir>`", 1);
  const validateDirect = find("validate", VALIDATE_DIRECT, 1);
  const app1 = find("synth, app", "cdktf.json's app: ", 1);
  const app10 = find("synth, app", "cdktf.json's app: ", 10);
  const app50 = find("synth, app", "cdktf.json's app: ", 50);
  const cliDefault = find("synth, CLI", "`npx cdktf synth`", "default");
  const validateDefault = find("default workspace", "`npm run validate`", "default");
  const synthDefault = find("default workspace", "`npm run synth`", "default");
  const cliBin1 = find("synth, CLI", "`cdktf synth`", 1);
  const baselineCli = find("synth, CLI", "baseline", 1);
  const perWorkspaceMs = ((wall(app50) - wall(app1)) / 49) * 1000;
  const mbPerWorkspace = (rss(app50) - rss(app1)) / 49;
  const mbPerWorkspaceFirst10 = (rss(app10) - rss(app1)) / 9;
  const mark = (ok: boolean) => (ok ? "met" : "MISSED");
  const modules = modulesLoadedByValidate(join(scratch, "workspaces-1"));
  const packagesOf = (files: string[]) => [
    ...new Set(files.flatMap((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1] ?? [])),
  ];
  const forbidden = modules.filter((file) => /node_modules\/(cdktf|@cdktf)\//.test(file));
  lines.push(
    "",
    `- start-up alone: node ${format(node)} s; tsx adds ${format(tsxStart - node)} s; \`npm run\` adds ${format(npmRun - node)} s.`,
    `- target validate of one workspace < 0.5 s: ${mark(wall(validateNpm) < 0.5)} (\`npm run validate\` ${format(wall(validateNpm))} s, of which npm ~${format(npmRun - node)} s; ${VALIDATE_DIRECT} ${format(wall(validateDirect))} s).`,
    `- target 50 workspaces < 2 x one (app): ${mark(wall(app50) < 2 * wall(app1))} (${(wall(app50) / wall(app1)).toFixed(2)} x: ${format(wall(app1))} s -> ${format(wall(app50))} s, ${perWorkspaceMs.toFixed(1)} ms per extra workspace).`,
    `- target default workspace \`cdktf synth\` end to end < 3 s: ${mark(wall(cliDefault) < 3)} with \`npx\` (${format(wall(cliDefault))} s); \`node_modules/.bin/cdktf synth\` ${format(wall(cliBin1))} s; the baseline app through the CLI ${format(wall(baselineCli))} s.`,
    `- target default workspace \`npm run synth\` < 3 x \`npm run validate\`: ${mark(wall(synthDefault) < 3 * wall(validateDefault))} (${format(wall(synthDefault))} s against ${format(wall(validateDefault))} s, ${(wall(synthDefault) / wall(validateDefault)).toFixed(2)} x; \`npx cdktf synth\` ${format(wall(cliDefault))} s).`,
    `- memory: ${mbPerWorkspace.toFixed(2)} MB per workspace from 1 to 50 (${mbPerWorkspaceFirst10.toFixed(2)} MB per workspace from 1 to 10).`,
    `- validate loads ${modules.length} modules (each a file), ${forbidden.length} of them from cdktf or @cdktf/*${forbidden.length ? `: ${forbidden.join(", ")}` : ""}; packages among them: ${packagesOf(modules).join(", ") || "none"}.`,
  );
  if (state) {
    const s3 = (prefix: string, n: number) => wall(find("S3 state", prefix, n));
    const local = (group: string, prefix: string, n: number) => wall(find(group, prefix, n));
    lines.push(
      `- state in S3 (one GetObject per workspace, all at once): ${VALIDATE_DIRECT} ${format(s3(VALIDATE_DIRECT, 1))} s for 1 workspace, ${format(s3(VALIDATE_DIRECT, 50))} s for 50 ` +
        `(local state files: ${format(local("validate", VALIDATE_DIRECT, 1))} s, ${format(local("validate", VALIDATE_DIRECT, 50))} s); ` +
        `the app ${format(s3("cdktf.json's app: ", 1))} s and ${format(s3("cdktf.json's app: ", 50))} s (local: ${format(wall(app1))} s, ${format(wall(app50))} s).`,
    );
  }
  process.stdout.write(`${lines.join("\n")}\n`);
  if (forbidden.length) process.exitCode = 1;
}

void main();
