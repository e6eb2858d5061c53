import { setTimeout as sleep } from "node:timers/promises";
import type Docker from "dockerode";
import type { Engine } from "./engine";

/*
 * Waiting for containers the way a user would look at them: running, never restarted, and healthy where the
 * image's healthcheck (run by the engine) says so. A container that exits, restarts or turns unhealthy fails
 * the wait at once, with its last log lines.
 */

/** How long a container without a healthcheck must keep running (and never restart) to count as up. */
const STABLE_SECONDS = 2;
const POLL_MS = 250;
const LOG_LINES = 20;

/** Where a container stands: up (with a note), not yet, or failed (with why). */
type Standing = { readonly up: true; readonly note?: string } | { readonly up: false; readonly failed?: string };

/** A container to wait for; `ownHealthcheck`: the stack gives it a healthcheck (else only its image may have one). */
export interface Awaited {
  readonly name: string;
  readonly ownHealthcheck: boolean;
}

function standing(info: Docker.ContainerInspectInfo, now: number, ownHealthcheck: boolean): Standing {
  const state = info.State as Docker.ContainerInspectInfo["State"] & {
    Health?: { Status: string; Log?: { Output?: string }[] };
  };
  if (state.Restarting || (info as { RestartCount?: number }).RestartCount)
    return { up: false, failed: `restarted (its command exited with code ${state.ExitCode})` };
  if (!state.Running)
    return { up: false, failed: `exited with code ${state.ExitCode}${state.Error ? ` (${state.Error})` : ""}` };
  const health = state.Health;
  const stable = now - Date.parse(state.StartedAt) >= STABLE_SECONDS * 1000;
  if (health) {
    if (health.Status === "healthy") return { up: true };
    if (health.Status === "unhealthy") {
      const last = health.Log?.[health.Log.length - 1]?.Output?.trim();
      return {
        up: false,
        failed: `is unhealthy${last ? `; its healthcheck said: ${last.split("\n").slice(-3).join(" / ")}` : ""}`,
      };
    }
    // An image's own healthcheck may first run minutes after the start (keinos/sqlite3's: every 5 minutes); a
    // sidecar the stack does not wait for counts as up once it keeps running, and says so.
    if (!ownHealthcheck && stable) {
      const interval = (info.Config.Healthcheck?.Interval ?? 0) / 1e9;
      return { up: true, note: `running; its image's healthcheck (every ${interval} s) has not run yet` };
    }
    return { up: false };
  }
  return stable ? { up: true } : { up: false };
}

async function failure(engine: Engine, name: string, why: string): Promise<Error> {
  const logs = await engine.logTail(name, LOG_LINES);
  const shown = logs ? logs.split("\n").map((line) => `  | ${line}`) : ["  (it wrote nothing)"];
  return new Error(`${name} ${why}; its last log lines:\n${shown.join("\n")}`);
}

/**
 * Waits until every container is up; rejects as soon as one fails, or when `timeoutSeconds` pass (naming the
 * ones still waiting and their logs). Resolves with the seconds each took, measured from the call.
 */
export async function waitUntilUp(
  engine: Engine,
  containers: readonly Awaited[],
  timeoutSeconds: number,
): Promise<Map<string, { seconds: number; note?: string }>> {
  const start = Date.now();
  const took = new Map<string, { seconds: number; note?: string }>();
  for (;;) {
    for (const { name, ownHealthcheck } of containers) {
      if (took.has(name)) continue;
      const now = Date.now();
      const where = standing(await engine.inspectContainer(name), now, ownHealthcheck);
      if (where.up) took.set(name, { seconds: (now - start) / 1000, note: where.note });
      else if (where.failed) throw await failure(engine, name, where.failed);
    }
    if (took.size === containers.length) return took;
    if (Date.now() - start > timeoutSeconds * 1000) {
      const waiting = containers.map((c) => c.name).filter((name) => !took.has(name));
      const errors = await Promise.all(
        waiting.map((name) => failure(engine, name, `is not up (running and healthy) after ${timeoutSeconds} s`)),
      );
      throw new Error(errors.map((e) => e.message).join("\n"));
    }
    await sleep(POLL_MS);
  }
}

/** After they were up: every container still is (nothing exited, restarted or turned unhealthy since). */
export async function stillUp(engine: Engine, containers: readonly Awaited[]): Promise<void> {
  for (const { name, ownHealthcheck } of containers) {
    const where = standing(await engine.inspectContainer(name), Number.POSITIVE_INFINITY, ownHealthcheck);
    if (!where.up) throw await failure(engine, name, where.failed ?? "is no longer healthy");
  }
}
