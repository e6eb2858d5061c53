import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { SNAPSHOT_IMAGE } from "../../constructs/domain/defaults";
import { Engine } from "../../drill/engine";
import { ensureImages } from "../../drill/images";
import { containerRequest } from "../../drill/translation";
import { docker } from "../helpers/docker";
import { emittedAttributes } from "../helpers/emitted-containers";
import { uniqueName } from "../helpers/rgw";
import { synth, workspace } from "../helpers/workspaces";

/*
 * A container that writes its output fast cannot grow its logs beyond the workspace's bound: the log settings the
 * stack emits (log_driver, log_opts of cdk.tf.json, through the drill's translation) on a container of the real
 * engine that writes 12 MiB, and the files on disk under the engine's data root measured afterwards. Without the
 * settings (Docker's default json-file) the same container leaves all 12 MiB on disk.
 */

jest.setTimeout(300_000);

const MIB = 1024 * 1024;
const WRITTEN = 12 * MIB;
/** One line of 100 characters, written until WRITTEN bytes have gone out. */
const WRITER = `yes ${"0123456789".repeat(10).slice(0, 99)} | head -c ${WRITTEN}`;
const IMAGE = `${SNAPSHOT_IMAGE.repository}:${SNAPSHOT_IMAGE.tag}`;
const engine = new Engine("unix:///var/run/docker.sock");
const made: string[] = [];

beforeAll(async () => {
  await ensureImages([IMAGE]);
}, 1_800_000);

afterAll(async () => {
  for (const name of made) await engine.removeContainer(name);
});

/** The log files a container has on disk (json-file: <id>-json.log and its rotations; local: local-logs/). */
function logFiles(id: string): { file: string; bytes: number }[] {
  const folder = join(docker("info", "--format", "{{.DockerRootDir}}"), "containers", id);
  const files = readdirSync(folder, { recursive: true, encoding: "utf8" }).filter((f) =>
    /(-json\.log(\.\d+)?$)|(^local-logs\/)/.test(f),
  );
  return files
    .map((file) => ({ file, bytes: statSync(join(folder, file)).size }))
    .filter((f) => statSync(join(folder, f.file)).isFile());
}

/** Runs the writer with a container's emitted log settings (or none) until it exits; its log files. */
async function writeFast(logSettings: Record<string, unknown>): Promise<{ file: string; bytes: number }[]> {
  const name = uniqueName("i22-log-bound");
  made.push(name);
  await engine.createContainer(
    containerRequest({ name, image: IMAGE, entrypoint: ["sh", "-c", WRITER], user: "root", ...logSettings }),
  );
  for (let i = 0; i < 600 && (await engine.inspectContainer(name)).State.Running; i++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  const info = await engine.inspectContainer(name);
  expect(info.State).toMatchObject({ Running: false, ExitCode: 0 });
  return logFiles(info.Id);
}

/** The emitted log settings of a workspace's dashboard. */
function emittedLogSettings(logging: Record<string, unknown>): Record<string, unknown> {
  const name = uniqueName("logs");
  const container = emittedAttributes(synth(workspace({ name, logging })))[`convex-${name}-dashboard`];
  return { log_driver: container.log_driver, log_opts: container.log_opts };
}

const total = (files: readonly { bytes: number }[]) => files.reduce((sum, f) => sum + f.bytes, 0);

describe("bounded logs on the real engine", () => {
  it.each(["json-file", "local"])(
    "%s: 12 MiB written, at most maxFiles x maxSizeMiB (3 x 1 MiB) on disk, and docker logs still reads the newest",
    async (driver) => {
      const settings = emittedLogSettings({ driver, maxSizeMiB: 1, maxFiles: 3 });
      expect(settings).toEqual({ log_driver: driver, log_opts: { "max-size": "1m", "max-file": "3" } });
      const files = await writeFast(settings);
      expect(files.length).toBeGreaterThan(0);
      expect(files.length).toBeLessThanOrEqual(3);
      // One entry may cross the size at which a file rotates.
      for (const f of files) expect(f.bytes).toBeLessThanOrEqual(MIB + 4096);
      expect(total(files)).toBeLessThanOrEqual(3 * (MIB + 4096));
      const name = made.at(-1)!;
      const tail = docker("logs", "--tail", "2", name).split("\n");
      expect(tail).toEqual([expect.stringMatching(/^0123456789/), expect.stringMatching(/^0123456789/)]);
    },
  );

  it("control: without the settings (Docker's default json-file) all 12 MiB stay on disk", async () => {
    const files = await writeFast({});
    expect(files).toHaveLength(1);
    expect(total(files)).toBeGreaterThan(WRITTEN);
  });
});
