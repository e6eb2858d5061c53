import { setTimeout as sleep } from "node:timers/promises";
import {
  SIDECAR_HEALTHCHECK,
  SIDECAR_LAST_RUN_FILE,
  SIDECAR_RUN_STARTED_FILE,
  SYNC_COMMAND_LABEL,
} from "../../constructs/domain";
import { SNAPSHOT_IMAGE, SYNC_IMAGE } from "../../constructs/domain/defaults";
import { Engine } from "../../drill/engine";
import { ensureImages } from "../../drill/images";
import { containerRequest } from "../../drill/translation";
import { DockerObjects, dockerResult } from "../helpers/docker";
import { emittedAttributes } from "../helpers/emitted-containers";
import { createBucket, deleteBucket, rgw, rgwClient, uniqueName } from "../helpers/rgw";
import { synth, workspace } from "../helpers/workspaces";

/*
 * A sidecar whose last copy or snapshot failed turns unhealthy, and healthy again once one succeeds: the
 * healthcheck the stack emits, run by the real engine on the emitted sync sidecar (the drill's images:
 * BusyBox ash, as in the pinned Alpine images), and the same check against each state of the run records.
 */

jest.setTimeout(300_000);

const IMAGES = [`${SNAPSHOT_IMAGE.repository}:${SNAPSHOT_IMAGE.tag}`, `${SYNC_IMAGE.repository}:${SYNC_IMAGE.tag}`];
const engine = new Engine("unix:///var/run/docker.sock");
const objects = new DockerObjects();
const client = rgwClient();
const buckets: string[] = [];
const containers: string[] = [];

beforeAll(async () => {
  await ensureImages(IMAGES);
}, 1_800_000);

afterAll(async () => {
  for (const name of containers) await engine.removeContainer(name);
  objects.removeAll();
  for (const bucket of buckets) await deleteBucket(client, bucket).catch(() => undefined);
  client.destroy();
});

const check = SIDECAR_HEALTHCHECK.test.slice(1); // ["sh", "-c", script]

describe("the sidecar healthcheck, against each state of the run records", () => {
  it.each(IMAGES)(
    "%s: no run yet fails; a first run in progress passes; the last run's status decides",
    async (image) => {
      const name = uniqueName("i22-health-records");
      containers.push(name);
      await engine.createContainer(containerRequest({ name, image, entrypoint: ["sleep", "600"], user: "root" }));
      const run = async () => {
        const { exitCode, output } = await engine.exec(name, check);
        return { exitCode, output: output.trim() };
      };
      const write = (file: string, text: string) => engine.exec(name, ["sh", "-c", `echo '${text}' > ${file}`]);
      expect(await run()).toEqual({ exitCode: 1, output: "no run has started yet" });
      await write(SIDECAR_RUN_STARTED_FILE, "1765000000");
      expect(await run()).toEqual({ exitCode: 0, output: "first run in progress since 1765000000 (unix time)" });
      await write(SIDECAR_LAST_RUN_FILE, "1765000100 0");
      expect(await run()).toEqual({
        exitCode: 0,
        output: "last run ended at 1765000100 (unix time) with exit status 0",
      });
      await write(SIDECAR_LAST_RUN_FILE, "1765000200 3");
      expect(await run()).toEqual({
        exitCode: 1,
        output: "last run ended at 1765000200 (unix time) with exit status 3",
      });
      // A run in progress after a failed one does not hide the failure.
      await write(SIDECAR_RUN_STARTED_FILE, "1765000300");
      expect((await run()).exitCode).toBe(1);
    },
  );
});

async function healthOf(name: string): Promise<{ status: string; output: string }> {
  const state = (await engine.inspectContainer(name)).State as {
    Health?: { Status: string; Log?: { Output: string }[] };
  };
  return { status: state.Health?.Status ?? "none", output: state.Health?.Log?.at(-1)?.Output?.trim() ?? "" };
}

async function healthBecomes(name: string, wanted: string, seconds = 60): Promise<{ status: string; output: string }> {
  for (let i = 0; i < seconds * 2; i++) {
    const health = await healthOf(name);
    if (health.status === wanted) return health;
    await sleep(500);
  }
  throw new Error(`${name} did not turn ${wanted} within ${seconds} s: ${JSON.stringify(await healthOf(name))}`);
}

describe("the emitted sync sidecar on the real engine", () => {
  it("turns unhealthy when its copy fails (the bucket is not there), and healthy once a copy succeeds", async () => {
    const bucket = uniqueName("i22-health");
    const name = `health-${objects.runId}`;
    const stack = synth(
      workspace({
        name,
        storage: { kind: "LocalPlusSync", target: { kind: "CephViaGateway", endpoint: rgw().endpoint, bucket } },
      }),
    );
    const sync = emittedAttributes(stack, {
      sync_access_key_id: rgw().accessKeyId,
      sync_secret_access_key: rgw().secretAccessKey,
    })[`convex-${name}-sync`];
    for (const volume of sync.volumes as { volume_name: string }[]) objects.ensureVolume(volume.volume_name);
    objects.ensureNetwork((sync.networks_advanced as { name: string }[])[0].name);
    containers.push(String(sync.name));
    await engine.createContainer(containerRequest(sync));

    const failed = await healthBecomes(String(sync.name), "unhealthy");
    expect(failed.output).toMatch(/^last run ended at \d+ \(unix time\) with exit status [1-9]\d*$/);
    expect((await engine.inspectContainer(String(sync.name))).State.Running).toBe(true);

    await createBucket(client, bucket);
    buckets.push(bucket);
    const label = (await engine.inspectContainer(String(sync.name))).Config.Labels[SYNC_COMMAND_LABEL];
    expect((await engine.exec(String(sync.name), ["sh", "-c", label])).exitCode).toBe(0);
    const healthy = await healthBecomes(String(sync.name), "healthy");
    expect(healthy.output).toMatch(/with exit status 0$/);
    expect(dockerResult("inspect", "--format", "{{.State.Health.Status}}", String(sync.name)).stdout.trim()).toBe(
      "healthy",
    );
  });
});
