import { DataResource, TerraformVariable } from "cdktf";
import { INSTANCE_SECRET_ALLOWED, INSTANCE_SECRET_PATTERN } from "../../constructs/domain";
import { secretFormatCheck } from "../../constructs/secret";
import { terraform, terraformOk, terraformWorkdir, writeStack } from "../helpers/terraform";

/*
 * The library's plan-time check of a secret's form (ConvexBackend's instanceSecret: 64 hex characters),
 * planned by the real terraform binary with the value from TF_VAR_, as a deploy gives it: a bad value stops
 * the plan naming the prop and the variable, and the value is never printed.
 */

describe("the instance secret's form, planned by terraform", () => {
  let dir: string;
  beforeAll(() => {
    dir = terraformWorkdir("secret-format-");
    writeStack(dir, (stack) => {
      const secret = new TerraformVariable(stack, "instance_secret", { type: "string", sensitive: true });
      const check = secretFormatCheck(
        "instanceSecret",
        secret.stringValue,
        INSTANCE_SECRET_PATTERN,
        INSTANCE_SECRET_ALLOWED,
      );
      new DataResource(stack, "instance", { input: { x: 1 }, lifecycle: { precondition: [check] } });
    });
    terraformOk(dir, ["init", "-input=false"]);
  });

  it.each([
    ["too short", "0123456789abcdef"],
    ["not hex", "z".repeat(64)],
    ["hex with a line break", `${"ab".repeat(32)}\n`],
  ])("stops a plan with a value %s, naming the prop and the variable, not the value", (_title, value) => {
    const plan = terraform(dir, ["plan", "-input=false", "-no-color"], { TF_VAR_instance_secret: value });
    expect(plan.status).toBe(1);
    const said = `${plan.stdout}${plan.stderr}`.replace(/\s*│\s*/g, " ");
    expect(said).toContain("instanceSecret (TF_VAR_instance_secret) must be 64 hex characters");
    expect(said).not.toContain(value.trim());
  });

  it("lets a plan with 64 hex characters through", () => {
    expect(
      terraform(dir, ["plan", "-input=false", "-no-color"], { TF_VAR_instance_secret: "Ab".repeat(32) }).status,
    ).toBe(0);
  });
});
