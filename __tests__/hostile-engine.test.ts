import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DockerCli } from "../drill/images/docker-cli";
import { MAX_DOCKER_ANSWER_BYTES, inspectObjects, inspectObjectsAsync } from "../guards/docker-inspect";
import { volumeSize } from "../status/docker";
import { tempDir } from "./helpers/temp";

/*
 * The Docker engine's door: what the docker CLI prints about an engine is read up to a documented bound and
 * never believed beyond it. A stand-in `docker` on the PATH prints what a hostile or broken engine would.
 */

const answers = tempDir("hostile-engine-");
const originalPath = process.env.PATH;

beforeAll(() => {
  const bin = join(answers, "bin");
  mkdirSync(bin);
  // Prints the file the test names, whatever it is asked.
  writeFileSync(join(bin, "docker"), '#!/bin/sh\ncat "$HOSTILE_ENGINE_ANSWER"\n');
  chmodSync(join(bin, "docker"), 0o755);
  process.env.PATH = `${bin}:${originalPath}`;
});

afterAll(() => {
  process.env.PATH = originalPath;
  delete process.env.HOSTILE_ENGINE_ANSWER;
});

function engineAnswers(text: string): void {
  const file = join(answers, `answer-${Math.random().toString(16).slice(2)}.json`);
  writeFileSync(file, text);
  process.env.HOSTILE_ENGINE_ANSWER = file;
}

describe("an engine's answer over the size limit", () => {
  const huge = () =>
    JSON.stringify([{ Name: "convex-app-data", Labels: { padding: "x".repeat(MAX_DOCKER_ANSWER_BYTES) } }]);

  it.each([
    [
      "blocking (validate, synthesis)",
      (names: string[]) => Promise.resolve(inspectObjects("volume", "unix:///x", names)),
    ],
    ["without blocking (the doctor)", (names: string[]) => inspectObjectsAsync("volume", "unix:///x", names)],
  ])("is not believed, %s, and the reason names the limit", async (_title, inspect) => {
    engineAnswers(huge());
    const answer = (await inspect(["convex-app-data"])).get("convex-app-data");
    expect(answer).toEqual({
      kind: "unknown",
      reason:
        "its answer ran past 8388608 bytes (8 MiB), the most an engine's answer is read to; an inspection of 1 object(s) is a few kilobytes",
    });
  });

  it("is read when it is under the limit", () => {
    engineAnswers(JSON.stringify([{ Name: "convex-app-data", Labels: { padding: "x".repeat(1024 * 1024) } }]));
    expect(inspectObjects("volume", "unix:///x", ["convex-app-data"]).get("convex-app-data")?.kind).toBe("present");
  });
});

describe("an engine's answer to `npm run status` over the size limit", () => {
  it("is not believed, and the reason names the limit", async () => {
    engineAnswers(
      JSON.stringify([{ Name: "convex-app-data", Size: "1GB", padding: "x".repeat(MAX_DOCKER_ANSWER_BYTES) }]),
    );
    await expect(volumeSize("unix:///x", "convex-app-data")).rejects.toThrow(
      /^its answer ran past 8388608 bytes \(8 MiB\), the most an engine's answer is read to; what status asks/,
    );
  });

  it("is read when it is under the limit", async () => {
    engineAnswers(JSON.stringify([{ Name: "convex-app-data", Size: "1GB", padding: "x".repeat(1024 * 1024) }]));
    await expect(volumeSize("unix:///x", "convex-app-data")).resolves.toBe("1GB");
  });
});

describe("an engine that refuses an image import (the drill's image builder)", () => {
  it("is the import's failure, not a crash or a wait on a pipe nobody reads", async () => {
    // More than a pipe holds, so tar is still writing when the stand-in `docker`, which reads nothing, exits.
    const folder = join(answers, "rootfs");
    mkdirSync(folder);
    writeFileSync(join(folder, "big"), Buffer.alloc(4 * 1024 * 1024, 1));
    engineAnswers("Error response from daemon: no\n");
    await expect(new DockerCli("unix:///x").importFolder(folder, "convex-stack-drill/x:1", [])).rejects.toThrow(
      /docker import stopped reading \(EPIPE\)/,
    );
  });
});
