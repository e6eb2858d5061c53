import { execFile, spawnSync } from "node:child_process";
import { printable } from "../constructs/domain";

/** What a Docker engine said about one named object. */
export type Inspected =
  | { readonly kind: "present"; readonly object: Readonly<Record<string, unknown>> }
  | { readonly kind: "absent" }
  /** The engine did not answer (or the CLI is missing): nothing is known about the object. */
  | { readonly kind: "unknown"; readonly reason: string };

/** The object types this project inspects. */
export type DockerObjectType = "volume" | "container";

/** Long enough for an engine over ssh, short enough for validate on every save. */
export const DOCKER_TIMEOUT_MS = 5000;

/**
 * The most an engine's answer (the CLI's output, stdout and stderr each) is read to: 8 MiB. An inspection of
 * a few volumes and containers is a few kilobytes; an engine that says more is not believed, and the CLI is
 * stopped when its output passes the bound, so no answer can hold more than that in memory.
 */
export const MAX_DOCKER_ANSWER_BYTES = 8 * 1024 * 1024;

/** Why an answer that ran past MAX_DOCKER_ANSWER_BYTES is not believed; `expected` says how long it should be. */
export function answerTooLarge(expected: string): string {
  return `its answer ran past ${MAX_DOCKER_ANSWER_BYTES} bytes (8 MiB), the most an engine's answer is read to; ${expected}`;
}

/*
 * One `docker <type> inspect` per engine, through the docker CLI so unix://, tcp:// and ssh:// hosts work as
 * they do for Terraform's provider. Two ways to run it, one reading of its answer: synchronously for
 * validate and synthesis, asynchronously for the doctor, whose other checks run meanwhile.
 */

const args = (type: DockerObjectType, dockerHost: string, names: readonly string[]) => [
  "--host",
  dockerHost,
  type,
  "inspect",
  ...names,
];
// No hints on stderr: every stderr line is read as an error.
const env = () => ({ ...process.env, DOCKER_CLI_HINTS: "false" });

/** How the CLI run ended. */
interface CliRun {
  /** It did not run to its end: not found, out of time, an answer over the bound, or another reason. */
  readonly failed?: "no-cli" | "timeout" | "too-large" | { readonly message: string };
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

/** Asks one Docker engine about several objects of one type, blocking until it answers (or the timeout). */
export function inspectObjects(
  type: DockerObjectType,
  dockerHost: string,
  names: readonly string[],
  timeoutMs = DOCKER_TIMEOUT_MS,
): Map<string, Inspected> {
  const result = spawnSync("docker", args(type, dockerHost, names), {
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: MAX_DOCKER_ANSWER_BYTES,
    // The CLI reads no stdin; an ssh host must not prompt either.
    stdio: ["ignore", "pipe", "pipe"],
    env: env(),
  });
  const error: NodeJS.ErrnoException | undefined = result.error;
  const code = error?.code;
  const failed = !result.error
    ? undefined
    : code === "ENOENT"
      ? "no-cli"
      : code === "ETIMEDOUT"
        ? "timeout"
        : code === "ENOBUFS"
          ? "too-large"
          : { message: result.error.message };
  return answers(
    names,
    { failed, stdout: result.stdout ?? "", stderr: result.stderr ?? "", status: result.status },
    timeoutMs,
  );
}

/** inspectObjects without blocking the event loop. */
export function inspectObjectsAsync(
  type: DockerObjectType,
  dockerHost: string,
  names: readonly string[],
  timeoutMs = DOCKER_TIMEOUT_MS,
): Promise<Map<string, Inspected>> {
  return new Promise((resolve) => {
    const child = execFile(
      "docker",
      args(type, dockerHost, names),
      { encoding: "utf8", timeout: timeoutMs, maxBuffer: MAX_DOCKER_ANSWER_BYTES, env: env() },
      (error, stdout, stderr) => {
        const code = (error as NodeJS.ErrnoException | null)?.code;
        let failed: CliRun["failed"];
        if (code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") failed = "too-large";
        else if (error?.killed) failed = "timeout";
        else if (code === "ENOENT") failed = "no-cli";
        else if (error && typeof code !== "number") failed = { message: error.message };
        resolve(
          answers(
            names,
            { failed, stdout, stderr, status: typeof code === "number" ? code : error ? null : 0 },
            timeoutMs,
          ),
        );
      },
    );
    child.stdin?.end();
  });
}

function answers(names: readonly string[], run: CliRun, timeoutMs: number): Map<string, Inspected> {
  const found = new Map<string, Inspected>();
  const unknown = (reason: string) => {
    for (const name of names) if (!found.has(name)) found.set(name, { kind: "unknown", reason });
    return found;
  };
  if (run.failed === "no-cli") return unknown("the docker CLI is not on the PATH");
  if (run.failed === "timeout") return unknown(`no answer within ${timeoutMs / 1000} s`);
  if (run.failed === "too-large")
    return unknown(answerTooLarge(`an inspection of ${names.length} object(s) is a few kilobytes`));
  if (run.failed) return unknown(run.failed.message);
  let objects: unknown[] = [];
  try {
    const parsed: unknown = JSON.parse(run.stdout || "[]");
    if (Array.isArray(parsed)) objects = parsed as unknown[];
  } catch {
    return unknown("the docker CLI answered something that is not JSON");
  }
  const asked = new Set(names);
  for (const object of objects.filter(isRecord)) {
    // Containers are named "/<name>", volumes "<name>".
    const name = typeof object.Name === "string" ? object.Name.replace(/^\//, "") : undefined;
    if (name !== undefined && asked.has(name)) found.set(name, { kind: "present", object });
  }
  // The CLI prints "[]" even when the engine is unreachable: only "no such ..." lines mean "absent".
  const errors = run.stderr
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const other = errors.filter((line) => !/no such (volume|container|object)/i.test(line));
  // The engine's own words, as printable() shows them: a daemon's error line is text from outside.
  if (other.length > 0) return unknown(printable(other[0]));
  if (run.status !== 0 && errors.length === 0) return unknown(`docker exited with status ${run.status}`);
  for (const name of names) if (!found.has(name)) found.set(name, { kind: "absent" });
  return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
