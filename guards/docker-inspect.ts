import { execFile, spawnSync } from "node:child_process";

/** What one Docker engine said about one object it was asked about. */
export type InspectedObject =
  | { readonly kind: "present"; readonly details: Readonly<Record<string, unknown>> }
  | { readonly kind: "absent" }
  /** The engine did not answer (or the CLI is missing): nothing is known about the object. */
  | { readonly kind: "unknown"; readonly reason: string };

/** The kinds of object the guards ask about, as the docker CLI names them. */
export enum DockerObjectKind {
  VOLUME = "volume",
  CONTAINER = "container",
}

/** Long enough for an engine over ssh, short enough for validate on every save. */
export const DOCKER_TIMEOUT_MS = 5000;

/*
 * One `docker <kind> inspect` per engine, through the docker CLI so unix://, tcp:// and ssh:// hosts work as
 * they do for Terraform's provider. Two ways to run it, one reading of its answer: synchronously for
 * validate and synthesis, asynchronously for the doctor, whose other checks run meanwhile.
 */

const args = (kind: DockerObjectKind, dockerHost: string, names: readonly string[]) => ["--host", dockerHost, kind, "inspect", ...names];
// No hints on stderr: every stderr line is read as an error.
const env = () => ({ ...process.env, DOCKER_CLI_HINTS: "false" });

/** How the CLI run ended. */
interface CliRun {
  /** It did not run to its end: not found, out of time, or another reason. */
  readonly failed?: "no-cli" | "timeout" | { readonly message: string };
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

/** Asks one Docker engine about several objects of one kind, blocking until it answers (or the timeout). */
export function inspectObjects(
  kind: DockerObjectKind,
  dockerHost: string,
  names: readonly string[],
  timeoutMs = DOCKER_TIMEOUT_MS,
): Map<string, InspectedObject> {
  const result = spawnSync("docker", args(kind, dockerHost, names), {
    encoding: "utf8",
    timeout: timeoutMs,
    // The CLI reads no stdin; an ssh host must not prompt either.
    stdio: ["ignore", "pipe", "pipe"],
    env: env(),
  });
  const code = (result.error as NodeJS.ErrnoException | undefined)?.code;
  const failed = !result.error ? undefined : code === "ENOENT" ? "no-cli" : code === "ETIMEDOUT" ? "timeout" : { message: result.error.message };
  return answers(kind, names, { failed, stdout: result.stdout ?? "", stderr: result.stderr ?? "", status: result.status }, timeoutMs);
}

/** inspectObjects without blocking the event loop. */
export function inspectObjectsAsync(
  kind: DockerObjectKind,
  dockerHost: string,
  names: readonly string[],
  timeoutMs = DOCKER_TIMEOUT_MS,
): Promise<Map<string, InspectedObject>> {
  return new Promise((resolve) => {
    const child = execFile("docker", args(kind, dockerHost, names), { encoding: "utf8", timeout: timeoutMs, env: env() }, (error, stdout, stderr) => {
      const code = (error as NodeJS.ErrnoException | null)?.code;
      let failed: CliRun["failed"];
      if (error?.killed) failed = "timeout";
      else if (code === "ENOENT") failed = "no-cli";
      else if (error && typeof code !== "number") failed = { message: error.message };
      resolve(answers(kind, names, { failed, stdout, stderr, status: typeof code === "number" ? code : error ? null : 0 }, timeoutMs));
    });
    child.stdin?.end();
  });
}

function answers(kind: DockerObjectKind, names: readonly string[], run: CliRun, timeoutMs: number): Map<string, InspectedObject> {
  const found = new Map<string, InspectedObject>();
  const unknown = (reason: string) => {
    for (const name of names) if (!found.has(name)) found.set(name, { kind: "unknown", reason });
    return found;
  };
  if (run.failed === "no-cli") return unknown("the docker CLI is not on the PATH");
  if (run.failed === "timeout") return unknown(`no answer within ${timeoutMs / 1000} s`);
  if (run.failed) return unknown(run.failed.message);
  let objects: Record<string, unknown>[] = [];
  try {
    const parsed: unknown = JSON.parse(run.stdout || "[]");
    if (Array.isArray(parsed)) objects = parsed;
  } catch {
    return unknown("the docker CLI answered something that is not JSON");
  }
  for (const object of objects) {
    const name = nameOf(object);
    if (name !== undefined && names.includes(name)) found.set(name, { kind: "present", details: object });
  }
  // The CLI prints "[]" even when the engine is unreachable: only "no such <kind>" lines mean "absent".
  const errors = run.stderr.split("\n").map((line) => line.trim()).filter(Boolean);
  const other = errors.filter((line) => !new RegExp(`no such ${kind}`, "i").test(line));
  if (other.length > 0) return unknown(other[0]);
  if (run.status !== 0 && errors.length === 0) return unknown(`docker exited with status ${run.status}`);
  for (const name of names) if (!found.has(name)) found.set(name, { kind: "absent" });
  return found;
}

/** A volume's Name; a container's Name, which the engine gives with a leading slash. */
function nameOf(object: Record<string, unknown> | null): string | undefined {
  const name = object?.Name;
  return typeof name === "string" ? name.replace(/^\//, "") : undefined;
}

/** String labels of an inspected object (a volume's Labels, a container's Config.Labels). */
export function stringLabels(labels: unknown): Record<string, string> {
  if (!labels || typeof labels !== "object") return {};
  return Object.fromEntries(Object.entries(labels as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}
