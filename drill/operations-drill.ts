import { spawn } from "node:child_process";
import { SNAPSHOT_LAYOUT } from "../constructs/domain";
import type { SnapshotStore } from "../restore/snapshot-store";
import type { Drill } from "./drill";

/*
 * The drill's operations steps, on the running stack: the limits and log settings the engine holds for each
 * container (docker inspect), `npm run status` against it, and with LocalPlusSync `npm run verify-backup` and a
 * stale backup (an old snapshot seeded in the bucket, as if the sidecars had stopped days ago) that status must
 * report with a non-zero exit.
 */

const MIB = 1024 * 1024;

/** A command of the project on the drill's copy of the workspace file: its exit status and output. */
function npmRun(
  drill: Drill,
  script: string,
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", script, "--", drill.workspaceCopy, ...args], {
      cwd: drill.root,
      env: drill.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }),
    );
  });
}

const indent = (text: string) =>
  text
    .trimEnd()
    .split("\n")
    .slice(-25)
    .map((line) => `    ${line}`)
    .join("\n");

/** What `npm run status --json` prints, in the parts the drill reads. */
export interface StatusJson {
  readonly ok: boolean;
  readonly problems: readonly string[];
  readonly containers: readonly { name: string; state: string; health?: string }[];
  readonly backups?: {
    readonly newestSnapshot?: { detail?: string; ageSeconds?: number };
    readonly filesCopied?: { ageSeconds?: number };
    readonly lastVerified?: { at?: string; detail?: string };
  };
  readonly certificates?: readonly { host: string; expiresAt?: string; unknown?: string }[];
}

/** `npm run status -- <the drill's workspace> --json`: its exit status and what it printed. */
export async function status(drill: Drill): Promise<{ code: number | null; json: StatusJson; stderr: string }> {
  const { code, stdout, stderr } = await npmRun(drill, "status", ["--json"]);
  let json: StatusJson;
  try {
    json = JSON.parse(stdout) as StatusJson;
  } catch {
    throw new Error(`npm run status -- --json exited with ${code} and printed no JSON:\n${indent(stdout + stderr)}`);
  }
  return { code, json, stderr };
}

/** Each container's memory, swap, CPU and log settings as the engine holds them, checked against the stack. */
export async function limitsAndLogs(drill: Drill): Promise<string> {
  const said: string[] = [];
  const keys = ["memory", "memory_swap", "cpu_period", "cpu_quota", "log_driver", "log_opts"];
  for (const object of drill.containers()) {
    const name = String(object.attributes.name);
    const differs = (await drill.differencesOf(object)).filter((d) => keys.includes(d.attribute));
    if (differs.length > 0) throw new Error(`${name}: ${differs.map((d) => `${d.attribute} ${d.detail}`).join("; ")}`);
    const host = (await drill.engine.inspectContainer(name)).HostConfig;
    const memory = host.Memory
      ? `memory ${host.Memory / MIB} MiB, swap ${((host.MemorySwap ?? 0) - host.Memory) / MIB} MiB`
      : "no memory limit";
    const cpus = host.CpuQuota && host.CpuPeriod ? `${host.CpuQuota / host.CpuPeriod} CPUs` : "no CPU limit";
    const log = host.LogConfig;
    const options = Object.entries((log?.Config ?? {}) as Record<string, string>)
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join(" ");
    said.push(`${name}${drill.standInNote(name)}: ${memory}, ${cpus}, logs ${log?.Type ?? "?"} ${options}`);
  }
  return `docker inspect holds what the stack asks: ${said.join("; ")}`;
}

/** `npm run status` on the running stack: exit 0, every container running and healthy. */
export async function statusOfRunningStack(drill: Drill): Promise<string> {
  const { code, json, stderr } = await status(drill);
  if (code !== 0 || !json.ok)
    throw new Error(
      `npm run status exited with ${code}: ${json.problems.join("; ")}${stderr ? `\n${indent(stderr)}` : ""}`,
    );
  const containers = json.containers
    .map((c) => `${`${c.name} ${c.state} ${c.health ?? ""}`.trim()}${drill.standInNote(c.name)}`)
    .join(", ");
  const backups = json.backups;
  return `npm run status exited 0: ${containers}${
    backups
      ? `; newest snapshot ${backups.newestSnapshot?.detail ?? "none"} ${backups.newestSnapshot?.ageSeconds ?? "?"} s old, files copied ${backups.filesCopied?.ageSeconds ?? "?"} s ago`
      : ""
  }`;
}

/** `npm run verify-backup`, then status says when it passed. */
export async function verifyAndSee(drill: Drill): Promise<string> {
  const verify = await npmRun(drill, "verify-backup", []);
  if (verify.code !== 0)
    throw new Error(`npm run verify-backup exited with ${verify.code}:\n${indent(verify.stdout + verify.stderr)}`);
  const { json } = await status(drill);
  const verified = json.backups?.lastVerified;
  if (!verified?.at) throw new Error("npm run status does not show the verification that just passed");
  const verifiedLine = verify.stdout.trim().split("\n").at(-1) ?? "";
  return `${verifiedLine} npm run status shows it: last verified ${verified.at} (snapshot ${verified.detail})`;
}

/** A snapshot id for a time: YYYYMMDDTHHMMSSZ. */
const idOf = (time: Date) =>
  time
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");

/**
 * The sidecars' output made three days old: the newest snapshot copied under an id of three days ago, the newer
 * ones removed, the files' copy record set back as far. Status must exit 1 saying both are stale. The seeded
 * snapshot is removed afterwards; the sidecars' next runs bring fresh ones.
 */
export async function staleBackup(drill: Drill, store: SnapshotStore): Promise<string> {
  const newest = (await store.listSnapshots()).find((s) => s.complete);
  if (!newest) throw new Error(`no complete snapshot in ${store.bucket}/${store.prefix} to age`);
  const old = new Date(Date.now() - 3 * 86_400_000);
  const oldId = idOf(old);
  await store.copySnapshot(newest.id, oldId);
  const removed = (await store.listSnapshots()).map((s) => s.id).filter((id) => id !== oldId);
  await store.deleteSnapshots(removed);
  await store.putText(store.recordKey(SNAPSHOT_LAYOUT.filesCopied), `${Math.floor(old.getTime() / 1000)}\n`);
  try {
    const { code, json } = await status(drill);
    if (code !== 1 || json.ok)
      throw new Error(
        `npm run status exited with ${code} on a three-day-old backup (problems: ${json.problems.join("; ") || "none"})`,
      );
    const stale = json.problems.filter((p) => /newest snapshot|copy of the files/.test(p));
    if (stale.length !== 2)
      throw new Error(`npm run status did not name both stale backups: ${json.problems.join("; ")}`);
    return `npm run status exited 1 on snapshot ${oldId} (seeded): ${stale.join("; ")}`;
  } finally {
    await store.deleteSnapshots([oldId]);
  }
}
