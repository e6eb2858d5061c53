import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cdktfApp } from "./helpers/project";
import { ROOT } from "./helpers/run";
import { tempDir } from "./helpers/temp";

const APP = cdktfApp();

/**
 * Synthesizes three workspaces with the app command, with a `terraform` first on the PATH that answers
 * `version` with the given version and counts how often it is asked.
 */
function synthWithTerraform(version: string) {
  const dir = tempDir("convex-stack-tfversion-");
  const bin = join(dir, "bin");
  const calls = join(dir, "calls");
  mkdirSync(bin);
  writeFileSync(
    join(bin, "terraform"),
    `#!/bin/sh\necho "$@" >> ${JSON.stringify(calls)}\necho "Terraform v${version}"\n`,
  );
  chmodSync(join(bin, "terraform"), 0o755);
  const workspaces = join(dir, "workspaces");
  mkdirSync(workspaces);
  ["one", "two", "three"].forEach((name, i) => {
    const base = 30000 + i * 10;
    writeFileSync(
      join(workspaces, `${name}.json`),
      JSON.stringify({ name, network: { ports: { backend: base, site: base + 1, dashboard: base + 2 } } }),
    );
  });
  const result = spawnSync("sh", ["-c", APP], {
    cwd: ROOT,
    env: {
      ...process.env,
      PATH: `${bin}:${process.env.PATH}`,
      CONVEX_STACK_OFFLINE: "1",
      CONVEX_STACK_WORKSPACES: workspaces,
      CDKTF_OUTDIR: join(dir, "out"),
    },
    encoding: "utf8",
  });
  return { result, versionCalls: existsSync(calls) ? readFileSync(calls, "utf8").trim().split("\n") : [] };
}

describe("the app's Terraform version check", () => {
  it("asks Terraform for its version once per synthesis, however many workspaces need it", () => {
    const { result, versionCalls } = synthWithTerraform("1.11.4");
    expect(result.status).toBe(0);
    expect(versionCalls).toEqual(["version"]);
  });

  it("still refuses a Terraform too old for the stacks", () => {
    const { result, versionCalls } = synthWithTerraform("1.3.0");
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("terraform version 1.3.0 is lower than the required version");
    expect(versionCalls).toEqual(["version"]);
  });
});
