import { spawnSync } from "node:child_process";

export type LiveVolume =
  | { readonly kind: "present"; readonly labels: Readonly<Record<string, string>> }
  | { readonly kind: "absent" }
  /** The engine did not answer (or the CLI is missing): nothing is known about the volume. */
  | { readonly kind: "unknown"; readonly reason: string };

/** Long enough for an engine over ssh, short enough for validate on every save. */
export const DOCKER_TIMEOUT_MS = 5000;

/**
 * Asks one Docker engine about several volumes in one `docker volume inspect` (one process per host),
 * through the docker CLI so unix://, tcp:// and ssh:// hosts work as they do for Terraform's provider.
 */
export function inspectVolumes(dockerHost: string, names: readonly string[], timeoutMs = DOCKER_TIMEOUT_MS): Map<string, LiveVolume> {
  const result = spawnSync("docker", ["--host", dockerHost, "volume", "inspect", ...names], {
    encoding: "utf8",
    timeout: timeoutMs,
    // The CLI reads no stdin; an ssh host must not prompt either.
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, DOCKER_CLI_HINTS: "false" },
  });
  const answers = new Map<string, LiveVolume>();
  const unknown = (reason: string) => {
    for (const name of names) if (!answers.has(name)) answers.set(name, { kind: "unknown", reason });
    return answers;
  };
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return unknown("the docker CLI is not on the PATH");
    if (code === "ETIMEDOUT") return unknown(`no answer within ${timeoutMs / 1000} s`);
    return unknown(result.error.message);
  }
  let found: { Name?: unknown; Labels?: unknown }[] = [];
  try {
    const parsed: unknown = JSON.parse(result.stdout || "[]");
    if (Array.isArray(parsed)) found = parsed;
  } catch {
    return unknown("the docker CLI answered something that is not JSON");
  }
  for (const volume of found) {
    if (typeof volume?.Name !== "string") continue;
    const labels = volume.Labels && typeof volume.Labels === "object" ? (volume.Labels as Record<string, string>) : {};
    answers.set(volume.Name, { kind: "present", labels });
  }
  // The CLI prints "[]" even when the engine is unreachable: only "no such volume" lines mean "absent".
  const errors = result.stderr.split("\n").map((line) => line.trim()).filter(Boolean);
  const other = errors.filter((line) => !/no such volume/i.test(line));
  if (other.length > 0) return unknown(other[0]);
  if (result.status !== 0 && errors.length === 0) return unknown(`docker exited with status ${result.status}`);
  for (const name of names) if (!answers.has(name)) answers.set(name, { kind: "absent" });
  return answers;
}
