import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { instanceSecretChecks } from "../doctor/instance-secret";
import { runTs } from "./helpers/run";
import { workspace } from "./helpers/workspaces";
import { tempDir } from "./helpers/temp";

/* The doctor's check of TF_VAR_instance_secret, for a workspace that asks for it. */

const asking = workspace({ name: "app", convex: { instanceSecret: "terraformVariable" } });
const GOOD = "0123456789abcdef".repeat(4);

describe("the doctor's instance secret check", () => {
  it.each<[string, NodeJS.ProcessEnv, string, RegExp]>([
    ["missing", {}, "fail", /TF_VAR_instance_secret is not set: the deploy reads it/],
    [
      "too short",
      { TF_VAR_instance_secret: "abc123" },
      "fail",
      /is not 64 hex characters .*it has 6 characters; the value is not shown/,
    ],
    ["not hex", { TF_VAR_instance_secret: "g".repeat(64) }, "fail", /is not 64 hex characters/],
    ["64 hex characters", { TF_VAR_instance_secret: GOOD }, "pass", /TF_VAR_instance_secret is 64 hex characters/],
  ])("says when it is %s, never showing it", (_title, env, status, says) => {
    const [result] = instanceSecretChecks(asking, env);
    expect(result.status).toBe(status);
    expect(result.detail).toMatch(says);
    const value = env.TF_VAR_instance_secret;
    if (value) expect(`${result.detail} ${result.fix ?? ""}`).not.toContain(value);
  });

  it("has nothing to check when the backend makes its own", () => {
    expect(instanceSecretChecks(workspace({ name: "app" }), {})).toEqual([expect.objectContaining({ status: "skip" })]);
  });

  it("is a row of `npm run doctor`, which then fails", () => {
    const dir = tempDir("doctor-secret-");
    const file = join(dir, "app.json");
    writeFileSync(file, JSON.stringify({ name: "app", convex: { instanceSecret: "terraformVariable" } }));
    const result = runTs("bin/doctor.ts", [file], { TF_VAR_instance_secret: "deadbeef" });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/✘ instance secret +TF_VAR_instance_secret is not 64 hex characters/);
    expect(result.stdout).not.toContain("deadbeef");
  });
});
