import { expect } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, realpathSync, rmSync } from "node:fs";
import { type Server, createServer } from "node:net";
import { dirname, join } from "node:path";
import { fingerprintLabels } from "../../constructs/domain";
import type { WorkspaceFile } from "../../vocabulary/workspace-schema";
import { WORKSPACE_FILE_WORDING } from "../../config/volume-change-wording";
import { volumeMoveSteps } from "../../constructs/domain";
import { volumeChangeReason } from "../../constructs/domain/volume-change";
import { runDoctor } from "../../doctor";
import { inspectVolumesAsync } from "../../guards/docker-volumes";
import { checkOf, freePorts } from "../helpers/doctor";
import { rgw, uniqueName } from "../helpers/rgw";
import { workspace } from "../helpers/workspaces";
import { tempDir } from "../helpers/temp";

/* The doctor against the real Docker engine (started by the jest globalSetup on the default socket). */

const DOCKER_HOST = "unix:///var/run/docker.sock";
const IMAGE = "convex-stack-doctor-sleep:test";
const volumes: string[] = [];
const containers: string[] = [];

function docker(...args: string[]): string {
  return execFileSync("docker", ["--host", DOCKER_HOST, ...args], { encoding: "utf8" }).trim();
}

function createVolume(name: string, labels: Record<string, string>): void {
  docker("volume", "create", ...Object.entries(labels).flatMap(([k, v]) => ["--label", `${k}=${v}`]), name);
  volumes.push(name);
}

/**
 * No image registry is reachable here: build a tiny image from this machine's `sleep` and its libraries,
 * enough for a container that publishes a port (Docker's proxy then holds the host port).
 */
function buildSleepImage(): void {
  const root = tempDir("doctor-image-");
  const libraries = execFileSync("ldd", ["/usr/bin/sleep"], { encoding: "utf8" }).match(/\/\S+/g) ?? [];
  for (const file of ["/usr/bin/sleep", ...libraries]) {
    mkdirSync(join(root, dirname(file)), { recursive: true });
    copyFileSync(realpathSync(file), join(root, file));
  }
  execFileSync("sh", ["-c", `tar -C "${root}" -c . | docker --host ${DOCKER_HOST} import - ${IMAGE}`], {
    stdio: "ignore",
  });
  rmSync(root, { recursive: true });
}

function runContainer(name: string, hostPort: number): void {
  docker("run", "-d", "--name", name, "-p", `127.0.0.1:${hostPort}:3210`, IMAGE, "/usr/bin/sleep", "120");
  containers.push(name);
}

beforeAll(() => {
  docker("info", "--format", "{{.ServerVersion}}"); // fails loudly when the engine is not there
  buildSleepImage();
});

afterAll(() => {
  for (const name of containers) docker("rm", "-f", name);
  for (const name of volumes) docker("volume", "rm", name);
  docker("image", "rm", IMAGE);
});

async function localWorkspace(extra: Partial<WorkspaceFile> = {}) {
  return workspace({ name: uniqueName("dock"), network: { ports: await freePorts() }, ...extra });
}

describe("doctor: the data volume on a real Docker engine", () => {
  it("reads a volume's labels without blocking, and tells a missing volume from an unreachable engine", async () => {
    const name = uniqueName("doctor-labels");
    const absent = uniqueName("doctor-absent");
    createVolume(name, { "convex-stack.workspace": "x", other: "a,b=c" });
    const answers = await inspectVolumesAsync(DOCKER_HOST, [name, absent]);
    expect(answers.get(name)).toEqual({ kind: "present", labels: { "convex-stack.workspace": "x", other: "a,b=c" } });
    expect(answers.get(absent)).toEqual({ kind: "absent" });
    expect((await inspectVolumesAsync("unix:///nonexistent/docker.sock", [name])).get(name)).toEqual({
      kind: "unknown",
      reason: expect.stringContaining("Cannot connect"),
    });
  });

  it("accepts a missing volume: a fresh deploy", async () => {
    const ws = await localWorkspace();
    const report = await runDoctor(ws, { env: {} });
    expect(checkOf(report, "docker: host")).toMatchObject({ status: "pass" });
    expect(checkOf(report, "docker: data volume")).toMatchObject({
      status: "pass",
      detail: `${ws.names.volume} does not exist yet: the deploy creates it (a fresh deployment)`,
    });
  });

  it("accepts a volume labelled for this very workspace", async () => {
    const ws = await localWorkspace();
    createVolume(ws.names.volume, fingerprintLabels(ws.fingerprint));
    const report = await runDoctor(ws, { env: {} });
    expect(checkOf(report, "docker: data volume")).toEqual({
      check: "docker: data volume",
      status: "pass",
      detail: `${ws.names.volume} was made for this workspace (local storage, sqlite)`,
    });
    expect(report.ok).toBe(true);
  });

  it("fails a volume made for local storage when the workspace now asks for S3", async () => {
    const name = uniqueName("dock");
    const before = workspace({ name });
    const after = workspace({
      name,
      network: { ports: await freePorts() },
      storage: { kind: "CephViaGateway", endpoint: rgw().endpoint, bucketPrefix: name },
    });
    createVolume(before.names.volume, fingerprintLabels(before.fingerprint));
    const report = await runDoctor(after, { env: {} });
    const check = checkOf(report, "docker: data volume");
    // The same verdict and reason as validate, synth and the plan-time guard (constructs/domain/volume-change.ts).
    expect(check.status).toBe("fail");
    expect(check.detail).toBe(
      `${after.names.volume} was made for different settings: storage.kind asks for storage mode "s3", the volume was created with "local". ${volumeChangeReason("storageMode", "local", "s3")}`,
    );
    expect(check.fix).toBe(
      `undo the change to storage.kind in ${after.file}, or move the data. ${volumeMoveSteps({ workspace: name, volumeName: after.names.volume, generation: 1 }, WORKSPACE_FILE_WORDING)}`,
    );
    expect(check.fix).toContain("npx convex export");
    expect(check.fix).toContain("set volume.generation to 2");
    expect(report.ok).toBe(false);
  });

  it("accepts another instance name on a local SQLite volume, as validate does", async () => {
    const name = uniqueName("dock");
    const before = workspace({ name });
    const after = workspace({ name, network: { ports: await freePorts() }, convex: { instanceName: "renamed" } });
    createVolume(before.names.volume, fingerprintLabels(before.fingerprint));
    expect(checkOf(await runDoctor(after, { env: {} }), "docker: data volume")).toMatchObject({ status: "pass" });
  });

  it("fails a volume of that name that this project did not make", async () => {
    const ws = await localWorkspace();
    createVolume(ws.names.volume, {});
    const check = checkOf(await runDoctor(ws, { env: {} }), "docker: data volume");
    expect(check).toMatchObject({ status: "fail", detail: expect.stringContaining("has no convex-stack labels") });
  });

  it("fails a Docker host that does not answer, with the fix", async () => {
    const ws = await localWorkspace({ docker: { host: "unix:///nonexistent/docker.sock" } });
    const report = await runDoctor(ws, { env: {} });
    expect(checkOf(report, "docker: host")).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("unix:///nonexistent/docker.sock does not answer"),
      fix: expect.stringContaining(ws.file),
    });
    expect(report.checks.some((c) => c.check === "docker: data volume")).toBe(false);
  });
});

describe("doctor: host ports on the bind address", () => {
  let holder: Server | undefined;
  afterEach(() => holder?.close());

  it("passes free ports and fails one another process holds", async () => {
    const ws = await localWorkspace();
    holder = createServer().listen({ host: "127.0.0.1", port: ws.config.network.ports.site });
    await new Promise((resolve) => holder!.once("listening", resolve));
    const report = await runDoctor(ws, { env: {} });
    expect(checkOf(report, "host port: backend")).toMatchObject({
      status: "pass",
      detail: `127.0.0.1:${ws.config.network.ports.backend} is free`,
    });
    expect(checkOf(report, "host port: site")).toMatchObject({
      status: "fail",
      detail: `127.0.0.1:${ws.config.network.ports.site} is in use by another process`,
      fix: `free the port, or pick another network.ports.site in ${ws.file}`,
    });
  });

  it("accepts a port held by this workspace's own backend container, and names another workspace's", async () => {
    const ws = await localWorkspace();
    const other = await localWorkspace();
    runContainer(ws.names.backendContainer, ws.config.network.ports.backend);
    runContainer(other.names.backendContainer, ws.config.network.ports.dashboard);
    const report = await runDoctor(ws, { env: {} });
    expect(checkOf(report, "host port: backend")).toMatchObject({
      status: "pass",
      detail: `127.0.0.1:${ws.config.network.ports.backend} is held by this workspace's own ${ws.names.backendContainer} (the deploy replaces it)`,
    });
    expect(checkOf(report, "host port: dashboard")).toMatchObject({
      status: "fail",
      detail: `127.0.0.1:${ws.config.network.ports.dashboard} is in use by container ${other.names.backendContainer}`,
    });
  });
});
