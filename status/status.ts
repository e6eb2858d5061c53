import { secretEnvName } from "../constructs/domain";
import { workspaceContainers, type WorkspaceContainer } from "../config/containers";
import { inspectContainersAsync } from "../guards/docker-containers";
import { inspectObjectsAsync } from "../guards/docker-inspect";
import { type Recorded, SnapshotStore, type Verification } from "../restore/snapshot-store";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import { type CertificateState, doorCertificates } from "./certificates";
import { dataRootSpace, type SidecarRuns, sidecarRuns, volumeSize } from "./docker";

/*
 * `npm run status`: what a deployed workspace is doing now, read from its Docker engine and, for a storage kind
 * that keeps backups, from the bucket they go to. Every finding that needs the operator is a problem; the
 * command exits 1 when there is one.
 */

/** One container as the engine has it. */
export interface ContainerState {
  readonly role: WorkspaceContainer["role"];
  readonly container: string;
  readonly what: string;
  /** Docker's state (running, exited, restarting, ...), "absent", or "unknown" when the engine did not say. */
  readonly state: string;
  /** Docker's health status (healthy, unhealthy, starting), or "none" without a healthcheck. */
  readonly health?: string;
  /** The healthcheck's last output. */
  readonly healthOutput?: string;
  readonly restarts?: number;
  /** The kernel killed a process of it for memory (the last time it stopped). */
  readonly oomKilled?: boolean;
  readonly startedAt?: Date;
  /** The backend: the upstream revision its image was built from, and the one the workspace pins. */
  readonly revision?: { readonly running?: string; readonly pinned: string };
  /** A sidecar: its run records. */
  readonly runs?: SidecarRuns;
  /** What could not be read. */
  readonly unknown?: string;
}

/** An age compared with what it may reach. */
export interface Freshness {
  readonly at?: Date;
  /** What it is of (a snapshot id, a verification's snapshot). */
  readonly detail?: string;
  /** Beyond this age it is stale: twice the sidecar's interval. */
  readonly staleAfterMinutes?: number;
  /** Why there is none, or why it could not be read. */
  readonly none?: string;
}

interface BackupStatus {
  /** s3://bucket/prefix */
  readonly location: string;
  readonly intervalMinutes: number;
  /** The newest complete snapshot (absent for a database the sidecar does not snapshot). */
  readonly snapshot?: Freshness;
  readonly filesCopied: Freshness;
  readonly verified: Freshness;
  /** The bucket could not be read. */
  readonly unreadable?: string;
}

export interface StatusReport {
  readonly workspace: string;
  readonly file: string;
  readonly dockerHost: string;
  readonly checkedAt: Date;
  readonly containers: readonly ContainerState[];
  readonly volume: {
    readonly name: string;
    readonly generation: number;
    readonly size?: string;
    readonly unknown?: string;
  };
  readonly dataRoot: {
    readonly root?: string;
    readonly free?: number;
    readonly total?: number;
    readonly unknown?: string;
  };
  readonly backups?: BackupStatus;
  /** With a front door: each URL's certificate. */
  readonly certificates?: readonly CertificateState[];
  /** What needs the operator: each makes the command exit 1. */
  readonly problems: readonly string[];
  /** Worth knowing, not failing: a revision other than the pinned one, a kill for memory, no verification yet. */
  readonly notes: readonly string[];
}

export interface StatusOptions {
  /** Where the sync keys are read from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** The time ages are measured to. @default now */
  readonly now?: Date;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).split("\n")[0];

function field<T>(object: Record<string, unknown> | undefined, key: string, is: (v: unknown) => v is T): T | undefined {
  const value = object?.[key];
  return is(value) ? value : undefined;
}
const isString = (v: unknown): v is string => typeof v === "string";
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isBoolean = (v: unknown): v is boolean => typeof v === "boolean";
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

async function containerStates(ws: ResolvedWorkspace): Promise<ContainerState[]> {
  const host = ws.config.docker.host;
  const expected = workspaceContainers(ws);
  const names = expected.map((c) => c.container);
  const [inspected, revisions] = await Promise.all([
    inspectObjectsAsync("container", host, names, 10_000),
    inspectContainersAsync(host, [ws.names.backendContainer], 10_000),
  ]);
  return Promise.all(
    expected.map(async ({ role, container, what }): Promise<ContainerState> => {
      const base = { role, container, what };
      const answer = inspected.get(container)!;
      if (answer.kind === "absent") return { ...base, state: "absent" };
      if (answer.kind === "unknown") return { ...base, state: "unknown", unknown: answer.reason };
      const state = field(answer.object, "State", isRecord);
      const health = field(state, "Health", isRecord);
      const log = field(health, "Log", Array.isArray);
      const last =
        log && log.length > 0 && isRecord(log[log.length - 1])
          ? (log[log.length - 1] as Record<string, unknown>)
          : undefined;
      const started = field(state, "StartedAt", isString);
      const status = field(state, "Status", isString) ?? "unknown";
      const backend = revisions.get(container);
      let runs: SidecarRuns | undefined;
      let unknown: string | undefined;
      if (role === "snapshot" || role === "sync") {
        if (status === "running") {
          try {
            runs = await sidecarRuns(host, container);
          } catch (error) {
            unknown = `its run records could not be read: ${errorText(error)}`;
          }
        }
      }
      return {
        ...base,
        state: status,
        health: field(health, "Status", isString) ?? "none",
        healthOutput: field(last, "Output", isString)?.trim(),
        restarts: field(answer.object, "RestartCount", isNumber),
        oomKilled: field(state, "OOMKilled", isBoolean),
        startedAt: started && !started.startsWith("0001-") ? new Date(started) : undefined,
        ...(role === "backend"
          ? {
              revision: {
                running: backend?.kind === "present" ? backend.revision : undefined,
                pinned: ws.config.convex.version,
              },
            }
          : {}),
        ...(runs ? { runs } : {}),
        ...(unknown ? { unknown } : {}),
      };
    }),
  );
}

/** An age in words: "42 s", "12 min", "3.5 h", "2.1 days". */
export function age(from: Date, to: Date): string {
  const seconds = Math.max(0, (to.getTime() - from.getTime()) / 1000);
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} days`;
}

const minutesSince = (at: Date, now: Date) => (now.getTime() - at.getTime()) / 60_000;

async function backupStatus(
  ws: ResolvedWorkspace,
  containers: readonly ContainerState[],
  env: NodeJS.ProcessEnv,
  now: Date,
): Promise<BackupStatus | undefined> {
  const source = ws.storageKind.snapshots?.(ws.config.storage, ws);
  const sync = containers.find((c) => c.role === "sync");
  const interval = workspaceContainers(ws).find((c) => c.role === "sync")?.intervalMinutes;
  if (!source || interval === undefined) return undefined;
  const location = `s3://${source.bucket}/${source.prefix}`;
  const staleAfterMinutes = 2 * interval;
  const snapshotted = ws.config.database.kind === "sqlite";
  const keys = [secretEnvName(source.keys.accessKeyId), secretEnvName(source.keys.secretAccessKey)];
  const missing = keys.filter((name) => !env[name]);
  const none = (why: string): Freshness => ({ none: why, staleAfterMinutes });
  if (missing.length > 0) {
    const why = `${missing.join(" and ")} not set: the sync sidecar's keys read the bucket, as the deploy passes them`;
    return {
      location,
      intervalMinutes: interval,
      ...(snapshotted ? { snapshot: none(why) } : {}),
      filesCopied: none(why),
      verified: { none: why },
      unreadable: why,
    };
  }
  // Before the first interval has passed twice, there may be nothing in the bucket yet.
  const young = sync?.startedAt !== undefined && minutesSince(sync.startedAt, now) < staleAfterMinutes;
  const fromRecord = <T>(recorded: Recorded<T>, present: (value: T) => Freshness, absent: string): Freshness =>
    recorded.kind === "present"
      ? present(recorded.value)
      : recorded.kind === "absent"
        ? none(absent)
        : none(`its record is unreadable (${recorded.why})`);
  const store = new SnapshotStore(source, { accessKeyId: env[keys[0]]!, secretAccessKey: env[keys[1]]! });
  try {
    const [snapshots, filesCopied, verification] = await Promise.all([
      snapshotted ? store.listSnapshots() : Promise.resolve([]),
      store.filesCopied(),
      store.verification(),
    ]);
    const newest = snapshots.find((s) => s.complete);
    const nothingYet = young ? "none yet (the sidecars started less than two intervals ago)" : "none in the bucket";
    return {
      location,
      intervalMinutes: interval,
      ...(snapshotted
        ? { snapshot: newest ? { at: newest.time, detail: newest.id, staleAfterMinutes } : none(nothingYet) }
        : {}),
      filesCopied: fromRecord(filesCopied, (at) => ({ at, staleAfterMinutes }), nothingYet),
      verified: fromRecord(
        verification,
        (v: Verification) => ({ at: v.verifiedAt, detail: v.snapshot }),
        "never (npm run verify-backup)",
      ),
    };
  } catch (error) {
    const why = `the bucket could not be read: ${errorText(error)}`;
    return {
      location,
      intervalMinutes: interval,
      ...(snapshotted ? { snapshot: none(why) } : {}),
      filesCopied: none(why),
      verified: { none: why },
      unreadable: why,
    };
  } finally {
    store.destroy();
  }
}

/** What needs the operator, in one line each. */
function problemsOf(report: Omit<StatusReport, "problems" | "notes">, now: Date): string[] {
  const problems: string[] = [];
  for (const c of report.containers) {
    if (c.state === "absent") problems.push(`${c.container} does not exist (is the workspace deployed?)`);
    else if (c.state === "unknown") problems.push(`${c.container}: the engine did not answer (${c.unknown})`);
    else if (c.state !== "running") problems.push(`${c.container} is ${c.state}, not running`);
    else if (c.health === "unhealthy")
      problems.push(`${c.container} is unhealthy${c.healthOutput ? `: ${c.healthOutput.split("\n")[0]}` : ""}`);
  }
  const backups = report.backups;
  if (backups?.unreadable) problems.push(`backups could not be checked: ${backups.unreadable}`);
  else if (backups) {
    const stale = (what: string, f: Freshness | undefined) => {
      if (!f || f.staleAfterMinutes === undefined) return;
      if (f.at && minutesSince(f.at, now) > f.staleAfterMinutes)
        problems.push(
          `${what} is ${age(f.at, now)} old, more than twice the sync interval (${backups.intervalMinutes} min)`,
        );
      else if (!f.at && f.none === "none in the bucket") problems.push(`no ${what} in ${backups.location}`);
      else if (!f.at && f.none?.startsWith("its record is unreadable")) problems.push(`${what}: ${f.none}`);
    };
    stale("the newest snapshot", backups.snapshot);
    stale("the last copy of the files", backups.filesCopied);
  }
  for (const c of report.certificates ?? []) {
    if (c.unknown !== undefined) problems.push(`the certificate for ${c.host} could not be read: ${c.unknown}`);
    else if (c.expiresAt!.getTime() - now.getTime() < c.warnBeforeMs!)
      problems.push(
        `the certificate for ${c.host} ${c.expiresAt! < now ? "expired" : "expires"} ${c.expiresAt!.toISOString()}: the front door has not renewed it (docker logs ${report.containers.find((x) => x.role === "proxy")?.container ?? "the front door"})`,
      );
  }
  return problems;
}

function notesOf(report: Omit<StatusReport, "problems" | "notes">): string[] {
  const notes: string[] = [];
  for (const c of report.containers) {
    if (c.oomKilled) notes.push(`${c.container} was killed for memory the last time it stopped (docs/operations.md)`);
    const revision = c.revision;
    if (revision && revision.running !== revision.pinned)
      notes.push(
        revision.running === undefined
          ? `${c.container}'s image does not say which revision it is (the workspace pins ${revision.pinned})`
          : `${c.container} runs revision ${revision.running}, the workspace pins ${revision.pinned}: deploy to run the pinned one`,
      );
  }
  if (report.backups && !report.backups.unreadable && !report.backups.verified.at)
    notes.push(`no backup has been verified yet: npm run verify-backup -- ${report.workspace}`);
  return notes;
}

/** Reads a deployed workspace's state from its engine and bucket. */
export async function workspaceStatus(ws: ResolvedWorkspace, options: StatusOptions = {}): Promise<StatusReport> {
  const env = options.env ?? process.env;
  const now = options.now ?? new Date();
  const host = ws.config.docker.host;
  const containers = await containerStates(ws);
  const [size, space, backups, certificates] = await Promise.all([
    volumeSize(host, ws.names.volume).then(
      (value) => ({ size: value, unknown: value === undefined ? "the engine has no such volume" : undefined }),
      (error: unknown) => ({ size: undefined, unknown: errorText(error) }),
    ),
    dataRootSpace(host).then(
      (value) => ({ ...value, unknown: value.why }),
      (error: unknown) => ({ root: undefined, free: undefined, total: undefined, unknown: errorText(error) }),
    ),
    backupStatus(ws, containers, env, now),
    doorCertificates(ws),
  ]);
  const report = {
    workspace: ws.name,
    file: ws.file,
    dockerHost: host,
    checkedAt: now,
    containers,
    volume: { name: ws.names.volume, generation: ws.config.volume.generation, size: size.size, unknown: size.unknown },
    dataRoot: { root: space.root, free: space.free, total: space.total, unknown: space.unknown },
    ...(backups ? { backups } : {}),
    ...(certificates ? { certificates } : {}),
  };
  return { ...report, problems: problemsOf(report, now), notes: notesOf(report) };
}
