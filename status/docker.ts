import { execFile } from "node:child_process";
import { statfs } from "node:fs/promises";
import { SIDECAR_LAST_RUN_FILE, SIDECAR_RUN_STARTED_FILE } from "../constructs/domain";
import { MAX_DOCKER_ANSWER_BYTES, answerTooLarge } from "../guards/docker-inspect";

/*
 * What `npm run status` asks a workspace's Docker engine besides `docker inspect` (guards/docker-inspect.ts):
 * through the docker CLI, so unix://, tcp:// and ssh:// hosts work as they do for the deploy. Every answer
 * is read as text from outside: parsed strictly, never evaluated.
 */

/** Long enough for an engine over ssh and for sizing a large volume. */
const TIMEOUT_MS = 60_000;
/**
 * The docker CLI's stdout, read up to MAX_DOCKER_ANSWER_BYTES as every engine answer is (a longer one is not
 * believed); rejects with its first stderr line.
 */
function dockerCli(host: string, args: readonly string[], timeoutMs = TIMEOUT_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "docker",
      ["--host", host, ...args],
      {
        encoding: "utf8",
        timeout: timeoutMs,
        maxBuffer: MAX_DOCKER_ANSWER_BYTES,
        env: { ...process.env, DOCKER_CLI_HINTS: "false" },
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        if ((error as NodeJS.ErrnoException).code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER")
          return reject(
            new Error(
              answerTooLarge(
                "what status asks (a run record, the data root's path, the sizes of the engine's volumes) is far less",
              ),
            ),
          );
        const line = stderr.split("\n").find((l) => l.trim() !== "") ?? error.message.split("\n")[0];
        reject(new Error(error.killed ? `no answer within ${timeoutMs / 1000} s` : line.trim()));
      },
    ).stdin?.end();
  });
}

/** How a sidecar's runs went, from the records its runs write (SIDECAR_LAST_RUN_FILE, SIDECAR_RUN_STARTED_FILE). */
export interface SidecarRuns {
  /** The last run that ended: when, and its exit status. */
  readonly lastRun?: { readonly endedAt: Date; readonly exitStatus: number };
  /** When the last run started (after lastRun's end: a run is in progress). */
  readonly started?: Date;
}

/** A sidecar's run records, read in the running container. */
export async function sidecarRuns(host: string, container: string): Promise<SidecarRuns> {
  const read = async (file: string) => {
    try {
      return (await dockerCli(host, ["exec", container, "cat", file], 10_000)).trim();
    } catch (error) {
      if (/No such file/i.test((error as Error).message)) return undefined;
      throw error;
    }
  };
  const [last, started] = await Promise.all([read(SIDECAR_LAST_RUN_FILE), read(SIDECAR_RUN_STARTED_FILE)]);
  const lastRun = last === undefined ? undefined : /^(\d{1,12}) (\d{1,3})$/.exec(last);
  const start = started === undefined ? undefined : /^(\d{1,12})$/.exec(started);
  if (last !== undefined && !lastRun) throw new Error(`${SIDECAR_LAST_RUN_FILE} holds something no run writes`);
  if (started !== undefined && !start) throw new Error(`${SIDECAR_RUN_STARTED_FILE} holds something no run writes`);
  return {
    ...(lastRun ? { lastRun: { endedAt: new Date(Number(lastRun[1]) * 1000), exitStatus: Number(lastRun[2]) } } : {}),
    ...(start ? { started: new Date(Number(start[1]) * 1000) } : {}),
  };
}

/** A volume's size as the engine reports it (`docker system df -v`, which measures every volume of the engine). */
export async function volumeSize(host: string, volume: string): Promise<string | undefined> {
  const listed = JSON.parse(await dockerCli(host, ["system", "df", "-v", "--format", "{{json .Volumes}}"])) as unknown;
  if (!Array.isArray(listed)) throw new Error("docker system df answered something that is not a list of volumes");
  const entry = (listed as { Name?: unknown; Size?: unknown }[]).find((v) => v?.Name === volume);
  return typeof entry?.Size === "string" ? entry.Size : undefined;
}

/** Free and total bytes under the engine's data root, measured on this machine; undefined for an engine elsewhere. */
export async function dataRootSpace(
  host: string,
): Promise<{ readonly root: string; readonly free?: number; readonly total?: number; readonly why?: string }> {
  const root = (await dockerCli(host, ["info", "--format", "{{.DockerRootDir}}"])).trim();
  if (!host.startsWith("unix://"))
    return { root, why: `the engine is at ${host}: free space is measured only on the Docker host itself` };
  const space = await statfs(root);
  return { root, free: space.bavail * space.bsize, total: space.blocks * space.bsize };
}
