import { printable } from "../constructs/domain";
import { age, type ContainerState, type Freshness, type StatusReport } from "./status";

/*
 * `npm run status`'s two outputs: a table for people and JSON for monitoring. Every value read from the engine
 * or the bucket goes through printable() where it is put into either, so a line break in one cannot start a line of
 * its own; bin/print.ts runs printable() over the whole output again on its way out.
 */

const GIB = 1024 ** 3;
const gib = (bytes: number) => `${(bytes / GIB).toFixed(1)} GiB`;
const optional = (value: string | undefined) => (value === undefined ? undefined : printable(value));

function runs(c: ContainerState, now: Date): string {
  if (c.unknown) return `; ${printable(c.unknown)}`;
  const { lastRun, started } = c.runs ?? {};
  const parts: string[] = [];
  if (lastRun) parts.push(`last run ended ${age(lastRun.endedAt, now)} ago with exit status ${lastRun.exitStatus}`);
  if (started && (!lastRun || started > lastRun.endedAt))
    parts.push(`${lastRun ? "a run" : "the first run"} in progress since ${age(started, now)} ago`);
  return parts.length > 0 ? `; ${parts.join(", ")}` : "";
}

function containerLine(c: ContainerState, width: number, now: Date): string {
  const ok = c.state === "running" && c.health !== "unhealthy";
  const detail =
    c.state === "absent"
      ? "does not exist"
      : c.state === "unknown"
        ? `unknown: ${printable(c.unknown ?? "")}`
        : [
            printable(c.state),
            c.health === "none" ? "no healthcheck" : printable(c.health ?? "no health status"),
            `${c.restarts ?? "?"} restart${c.restarts === 1 ? "" : "s"}`,
            ...(c.oomKilled ? ["killed for memory when it last stopped"] : []),
          ].join(", ");
  const revision = c.revision
    ? `; revision ${c.revision.running === undefined ? "not labelled" : printable(c.revision.running)}${c.revision.running === c.revision.pinned ? " (the pinned one)" : `, pinned ${c.revision.pinned}`}`
    : "";
  return `  ${ok ? "✔" : "✘"} ${c.container.padEnd(width)}  ${detail}${revision}${runs(c, now)}`;
}

function freshnessLine(label: string, f: Freshness, now: Date, width: number): string {
  const stale =
    f.at && f.staleAfterMinutes !== undefined && (now.getTime() - f.at.getTime()) / 60_000 > f.staleAfterMinutes;
  const mark = f.at ? (stale ? "✘" : "✔") : f.staleAfterMinutes === undefined ? "-" : "!";
  const what = f.at
    ? `${age(f.at, now)} ago (${f.at.toISOString()})${f.detail ? `, ${printable(f.detail)}` : ""}${stale ? ": stale" : ""}`
    : printable(f.none ?? "unknown");
  return `  ${mark} ${label.padEnd(width)}  ${what}`;
}

/** The report for people. */
export function formatText(report: StatusReport): string {
  const now = report.checkedAt;
  const width = Math.max(...report.containers.map((c) => c.container.length));
  const { volume, dataRoot, backups } = report;
  const lines = [
    `convex-stack status: workspace "${report.workspace}" (${report.file}) on ${report.dockerHost}, ${now.toISOString()}`,
    "",
    "containers",
    ...report.containers.map((c) => containerLine(c, width, now)),
    "data volume",
    `  ${volume.name} (generation ${volume.generation}): ${volume.size ? printable(volume.size) : `size unknown (${printable(volume.unknown ?? "")})`}`,
    "Docker data root",
    dataRoot.free !== undefined && dataRoot.total !== undefined
      ? `  ${printable(dataRoot.root ?? "")}: ${gib(dataRoot.free)} free of ${gib(dataRoot.total)}`
      : `  ${dataRoot.root ? `${printable(dataRoot.root)}: ` : ""}free space unknown (${printable(dataRoot.unknown ?? "")})`,
  ];
  if (backups) {
    const labels = ["newest snapshot", "files copied", "last verified"];
    const w = Math.max(...labels.map((l) => l.length));
    lines.push(
      `backups in ${backups.location} (every ${backups.intervalMinutes} min; stale after ${2 * backups.intervalMinutes} min)`,
      ...(backups.snapshot ? [freshnessLine(labels[0], backups.snapshot, now, w)] : []),
      freshnessLine(labels[1], backups.filesCopied, now, w),
      freshnessLine(labels[2], backups.verified, now, w),
    );
  }
  if (report.certificates) {
    const w = Math.max(...report.certificates.map((c) => c.host.length));
    lines.push(
      "front door certificates",
      ...report.certificates.map(
        (c) =>
          `  ${printable(c.host).padEnd(w)}  ${c.expiresAt ? `expires ${c.expiresAt.toISOString()} (in ${age(now, c.expiresAt)})` : `unknown (${printable(c.unknown ?? "")})`}`,
      ),
    );
  }
  if (report.notes.length > 0) lines.push("", ...report.notes.map((n) => `! ${printable(n)}`));
  lines.push(
    "",
    report.problems.length === 0
      ? `OK: every container is running and healthy${report.backups ? ", and the backups are fresh" : ""}${report.certificates ? ", the certificates are far from expiring" : ""}.`
      : `FAIL: ${report.problems.length} problem${report.problems.length === 1 ? "" : "s"}:`,
    ...report.problems.map((p) => `  ✘ ${printable(p)}`),
  );
  return lines.join("\n");
}

const iso = (date: Date | undefined) => date?.toISOString();

function freshnessJson(f: Freshness | undefined, now: Date) {
  if (!f) return undefined;
  return {
    at: iso(f.at),
    ageSeconds: f.at ? Math.round((now.getTime() - f.at.getTime()) / 1000) : undefined,
    detail: optional(f.detail),
    staleAfterSeconds: f.staleAfterMinutes === undefined ? undefined : f.staleAfterMinutes * 60,
    none: optional(f.none),
  };
}

/** The report for monitoring: one JSON object, `ok` false exactly when the command exits 1. */
export function formatJson(report: StatusReport): string {
  const now = report.checkedAt;
  const json = {
    workspace: report.workspace,
    file: report.file,
    dockerHost: report.dockerHost,
    checkedAt: iso(now),
    ok: report.problems.length === 0,
    problems: report.problems.map((text) => printable(text)),
    notes: report.notes.map((text) => printable(text)),
    containers: report.containers.map((c) => ({
      role: c.role,
      name: c.container,
      state: printable(c.state),
      health: optional(c.health),
      healthOutput: optional(c.healthOutput),
      restarts: c.restarts,
      oomKilled: c.oomKilled,
      startedAt: iso(c.startedAt),
      revision: c.revision ? { running: optional(c.revision.running), pinned: c.revision.pinned } : undefined,
      lastRun: c.runs?.lastRun
        ? { endedAt: iso(c.runs.lastRun.endedAt), exitStatus: c.runs.lastRun.exitStatus }
        : undefined,
      runStartedAt: iso(c.runs?.started),
      unknown: optional(c.unknown),
    })),
    volume: {
      name: report.volume.name,
      generation: report.volume.generation,
      size: optional(report.volume.size),
      unknown: optional(report.volume.unknown),
    },
    dataRoot: {
      path: optional(report.dataRoot.root),
      freeBytes: report.dataRoot.free,
      totalBytes: report.dataRoot.total,
      unknown: optional(report.dataRoot.unknown),
    },
    backups: report.backups
      ? {
          location: report.backups.location,
          intervalMinutes: report.backups.intervalMinutes,
          newestSnapshot: freshnessJson(report.backups.snapshot, now),
          filesCopied: freshnessJson(report.backups.filesCopied, now),
          lastVerified: freshnessJson(report.backups.verified, now),
          unreadable: optional(report.backups.unreadable),
        }
      : undefined,
    certificates: report.certificates?.map((c) => ({
      role: c.role,
      host: c.host,
      validFrom: iso(c.validFrom),
      expiresAt: iso(c.expiresAt),
      secondsLeft: c.expiresAt ? Math.round((c.expiresAt.getTime() - now.getTime()) / 1000) : undefined,
      unknown: optional(c.unknown),
    })),
  };
  return JSON.stringify(json, null, 2);
}
