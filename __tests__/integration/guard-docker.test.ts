import { expect } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { DEFAULT_DOCKER_HOST } from "../../constructs/domain/defaults";
import { fingerprintLabels } from "../../constructs/domain";
import { WORKSPACE_FILE_WORDING } from "../../config/volume-change-wording";
import { volumeChangeExplanation, volumeMoveSteps } from "../../constructs/domain";
import { inspectVolumes } from "../../guards/docker-volumes";
import { checkExistingVolumes } from "../../guards/existing-volumes";
import { workspace } from "../helpers/workspaces";
import { tempDir } from "../helpers/temp";

/* Layer b: the live volume's labels, on the real Docker engine the test setup runs. */

const NAME = `guards-${process.pid}`;
const VOLUME = `convex-${NAME}-data`;
const S3 = { kind: "AwsS3" as const, region: "eu-central-1", bucketPrefix: "acme-app" };
/** No state file here: only the live volume speaks. */
const noState = () => join(tempDir("docker-guard-"), "cdktf.out");

function docker(...args: string[]): string {
  return execFileSync("docker", args, { encoding: "utf8" }).trim();
}

beforeAll(() => {
  const labels = fingerprintLabels(workspace({ name: NAME }).fingerprint);
  docker("volume", "create", ...Object.entries(labels).flatMap(([k, v]) => ["--label", `${k}=${v}`]), VOLUME);
  docker("volume", "create", `convex-${NAME}-unlabelled-data`);
});

afterAll(() => {
  docker("volume", "rm", VOLUME, `convex-${NAME}-unlabelled-data`);
});

describe("asking the Docker engine about volumes", () => {
  it("reads a volume's labels and says which volumes do not exist, in one call", () => {
    const answers = inspectVolumes(DEFAULT_DOCKER_HOST, [VOLUME, `convex-${NAME}-missing-data`]);
    expect(answers.get(VOLUME)).toEqual({
      kind: "present",
      labels: expect.objectContaining({ "convex-stack.storage-mode": "local", "convex-stack.workspace": NAME }),
    });
    expect(answers.get(`convex-${NAME}-missing-data`)).toEqual({ kind: "absent" });
  });

  it("calls an engine that does not answer unknown, with the reason", () => {
    const answers = inspectVolumes("unix:///nonexistent/docker.sock", [VOLUME]);
    expect(answers.get(VOLUME)).toEqual({
      kind: "unknown",
      reason: expect.stringMatching(/Cannot connect to the Docker daemon/),
    });
  });
});

describe("comparing a workspace with its live volume", () => {
  it("refuses switching the labelled LocalStorage volume to AwsS3 with the shared explanation", async () => {
    const report = await checkExistingVolumes([workspace({ name: NAME, storage: S3 })], { outdir: noState(), env: {} });
    expect(report.notes).toEqual([]);
    const volume = { workspace: NAME, volumeName: VOLUME, generation: 1 };
    expect(report.findings).toEqual([
      {
        rule: "volume-change",
        file: `${NAME}.json`,
        path: "storage.kind",
        level: "error",
        info: `${volumeChangeExplanation("storageMode", "local", "s3", volume, WORKSPACE_FILE_WORDING)} (Seen in the labels of Docker volume ${VOLUME} on ${DEFAULT_DOCKER_HOST}.)`,
        fix: `undo the change to storage.kind. ${volumeMoveSteps(volume, WORKSPACE_FILE_WORDING)}`,
      },
    ]);
  });

  it("accepts the settings the volume was created with, and a new generation", async () => {
    expect(await checkExistingVolumes([workspace({ name: NAME })], { outdir: noState(), env: {} })).toEqual({
      findings: [],
      notes: [],
    });
    expect(
      (
        await checkExistingVolumes([workspace({ name: NAME, storage: S3, volume: { generation: 2 } })], {
          outdir: noState(),
          env: {},
        })
      ).findings,
    ).toEqual([]);
  });

  it("says that a volume without labels holds something unknown", async () => {
    const report = await checkExistingVolumes([workspace({ name: `${NAME}-unlabelled`, storage: S3 })], {
      outdir: noState(),
      env: {},
    });
    expect(report.findings).toEqual([]);
    expect(report.notes).toEqual([
      expect.stringContaining(`volume convex-${NAME}-unlabelled-data without convex-stack.* labels`),
    ]);
  });

  it("says UNKNOWN, not fine, when the engine cannot be reached, and does not refuse", async () => {
    const report = await checkExistingVolumes(
      [workspace({ name: NAME, storage: S3, docker: { host: "unix:///nonexistent/docker.sock" } })],
      { outdir: noState(), env: {} },
    );
    expect(report.findings).toEqual([]);
    expect(report.notes).toEqual([
      expect.stringMatching(
        /could not ask the Docker engine unix:\/\/\/nonexistent\/docker.sock about volume .*UNKNOWN, not fine.*CONVEX_STACK_OFFLINE=1/,
      ),
    ]);
  });

  it("asks no engine when offline, and says so", async () => {
    const report = await checkExistingVolumes([workspace({ name: NAME, storage: S3 })], {
      outdir: noState(),
      env: { CONVEX_STACK_OFFLINE: "1" },
    });
    expect(report.findings).toEqual([]);
    expect(report.notes).toEqual([expect.stringContaining("offline (--offline or CONVEX_STACK_OFFLINE=1)")]);
  });

  it("asks each engine once, however many workspaces it hosts", async () => {
    // The module object itself, as guards/docker-inspect.ts calls it (a namespace import would be a frozen copy).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the spy must replace the module's own export
    const spawn = jest.spyOn(require("node:child_process") as typeof import("node:child_process"), "spawnSync");
    try {
      const report = await checkExistingVolumes(
        [
          workspace({ name: NAME, storage: S3 }),
          workspace({ name: `${NAME}-b`, network: { ports: { backend: 4000, site: 4001, dashboard: 4002 } } }),
        ],
        { outdir: noState(), env: {} },
      );
      expect(report.findings.map((p) => p.path)).toEqual(["storage.kind"]);
      expect(spawn.mock.calls.filter(([command]) => command === "docker")).toHaveLength(1);
    } finally {
      spawn.mockRestore();
    }
  });
});
