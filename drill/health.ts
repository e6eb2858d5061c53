import { setTimeout as sleep } from "node:timers/promises";
import type Docker from "dockerode";
import type { Engine } from "./engine";

/*
 * Waiting for containers the way a user would look at them: running, never restarted, and healthy where the
 * image's healthcheck (run by the engine) says so. A container that exits, restarts or turns unhealthy fails
 * the wait at once, with its last log lines.
 */

/** How long a container without a healthcheck must keep running (and never restart) to count as up. */
export const STABLE_SECONDS = 2;
const POLL_MS = 250;
const LOG_LINES = 20;

/** Where a container stands: up, not yet, or failed (with why). */
type Standing = { readonly up: true } | { readonly up: false; readonly failed?: string };

function standing(info: Docker.ContainerInspectInfo, now: number): Standing {
  const state = info.State as Docker.ContainerInspectInfo["State"] & {
    Health?: { Status: string; Log?: { Output?: string }[] };
  };
  if (state.Restarting || (info as { RestartCount?: number }).RestartCount)
    return { up: false, failed: `restarted (its command exited with code ${state.ExitCode})` };
  if (!state.Running)
    return { up: false, failed: `exited with code ${state.ExitCode}${state.Error ? ` (${state.Error})` : ""}` };
  const health = state.Health;
  if (health) {
    if (health.Status === "healthy") return { up: true };
    if (health.Status === "unhealthy") {
      const last = health.Log?.[health.Log.length - 1]?.Output?.trim();
      return {
        up: false,
        failed: `is unhealthy${last ? `; its healthcheck said: ${last.split("\n").slice(-3).join(" / ")}` : ""}`,
      };
    }
    return { up: false };
  }
  const startedAt = Date.parse(state.StartedAt);
  return now - startedAt >= STABLE_SECONDS * 1000 ? { up: true } : { up: false };
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
  names: readonly string[],
  timeoutSeconds: number,
): Promise<Map<string, number>> {
  const start = Date.now();
  const took = new Map<string, number>();
  for (;;) {
    const now = Date.now();
    for (const name of names) {
      if (took.has(name)) continue;
      const now = Date.now();
      const where = standing(await engine.inspectContainer(name), now);
      if (where.up) took.set(name, (now - start) / 1000);
      else if (where.failed) throw await failure(engine, name, where.failed);
    }
    if (took.size === names.length) return took;
    if (now - start > timeoutSeconds * 1000) {
      const waiting = names.filter((name) => !took.has(name));
      const errors = await Promise.all(
        waiting.map((name) => failure(engine, name, `is not up (running and healthy) after ${timeoutSeconds} s`)),
      );
      throw new Error(errors.map((e) => e.message).join("\n"));
    }
    await sleep(POLL_MS);
  }
}

/** After they were up: every container still is (nothing exited, restarted or turned unhealthy since). */
export async function stillUp(engine: Engine, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const where = standing(await engine.inspectContainer(name), Number.POSITIVE_INFINITY);
    if (!where.up) throw await failure(engine, name, where.failed ?? "is no longer healthy");
  }
}
