import { expect } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { DEFAULT_DOCKER_HOST } from "../../constructs/domain/defaults";
import { dockerChecks } from "../../doctor/docker-host";
import { inspectContainers } from "../../guards/docker-containers";
import { checkRetentionChanges } from "../../guards/retention-change";
import { workspace } from "../helpers/workspaces";
import { tempDir } from "../helpers/temp";

/* A changed DOCUMENT_RETENTION_DELAY, seen in a real backend container's environment on the real Docker engine. */

const NAME = `retention-i10-${process.pid}`;
const CONTAINER = `convex-${NAME}-backend`;
const BARE = `convex-${NAME}-bare-backend`;
const IMAGE = `convex-stack-i10-empty:${process.pid}`;
/** No state file here: only the live container speaks. */
const noState = () => join(tempDir("retention-"), "cdktf.out");

function docker(args: string[], input?: Buffer): string {
  return execFileSync("docker", args, { encoding: "utf8", input }).trim();
}

beforeAll(() => {
  // No registry here: an empty image is enough for a container that is created, never started.
  docker(["import", "-", IMAGE], execFileSync("tar", ["-cf", "-", "--files-from", "/dev/null"]));
  docker([
    "create",
    "--name",
    CONTAINER,
    "-e",
    "INSTANCE_NAME=x",
    "-e",
    "DOCUMENT_RETENTION_DELAY=2592000",
    IMAGE,
    "/nothing",
  ]);
  docker(["create", "--name", BARE, "-e", "INSTANCE_NAME=x", IMAGE, "/nothing"]);
});

afterAll(() => {
  docker(["rm", CONTAINER, BARE]);
  docker(["rmi", IMAGE]);
});

describe("the deployed backend's retention", () => {
  it("is read from the live container, in one call per engine", () => {
    const answers = inspectContainers(DEFAULT_DOCKER_HOST, [CONTAINER, `convex-${NAME}-missing-backend`]);
    expect(answers.get(CONTAINER)).toMatchObject({
      kind: "present",
      env: expect.objectContaining({ DOCUMENT_RETENTION_DELAY: "2592000" }),
    });
    expect(answers.get(`convex-${NAME}-missing-backend`)).toEqual({ kind: "absent" });
  });

  it("warns when the file's retention differs from what runs, and not when it is the same", async () => {
    const notes = await checkRetentionChanges([workspace({ name: NAME })], { outdir: noState(), env: {} });
    expect(notes).toEqual([
      expect.objectContaining({
        rule: "retention-change",
        file: `${NAME}.json`,
        path: "convex.knobs.DOCUMENT_RETENTION_DELAY",
        info: expect.stringMatching(
          new RegExp(
            `^the deployed backend ${CONTAINER} keeps old document versions for 2592000 s \\(30 days\\), and this file asks for 172800 s \\(2 days\\) \\(seen in the environment of Docker container ${CONTAINER} on unix:///var/run/docker.sock\\)`,
          ),
        ),
      }),
    ]);
    expect(
      await checkRetentionChanges(
        [workspace({ name: NAME, convex: { knobs: { DOCUMENT_RETENTION_DELAY: 2592000 } } })],
        { outdir: noState(), env: {} },
      ),
    ).toEqual([]);
  });

  it("warns for a backend deployed without the variable (upstream's own default), and asks no engine offline", async () => {
    const bare = workspace({ name: `${NAME}-bare` });
    expect(await checkRetentionChanges([bare], { outdir: noState(), env: {} })).toEqual([
      expect.objectContaining({
        info: expect.stringContaining("keeps old document versions for upstream's built-in default"),
      }),
    ]);
    expect(await checkRetentionChanges([bare], { outdir: noState(), env: { CONVEX_STACK_OFFLINE: "1" } })).toEqual([]);
  });

  it("is a doctor row", async () => {
    const rows = await dockerChecks(workspace({ name: NAME }));
    expect(rows.find((r) => r.check === "docker: retention")).toMatchObject({
      status: "warn",
      detail: expect.stringContaining("https://github.com/get-convex/convex-backend/issues/358"),
    });
  });
});
