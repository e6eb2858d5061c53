import { Volume } from "@cdktf/provider-docker/lib/volume";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { ConvexDataVolume, ConvexDeployment, LocalPlusSync } from "../constructs";
import { SqliteSnapshotSidecar } from "../constructs/storage/database-snapshots";

/** A sidecar container in cdk.tf.json, in the parts these tests read. */
interface SidecarContainer {
  name: string;
  entrypoint: string[];
  lifecycle?: { precondition?: { condition: string }[] };
}

/** The entrypoints and preconditions of the two LocalPlusSync sidecars, by container name. */
function sidecars(intervalMinutes?: (stack: TerraformStack) => number) {
  const stack = new TerraformStack(Testing.app(), "s");
  const secret = (name: string) => new TerraformVariable(stack, name, { type: "string", sensitive: true }).stringValue;
  new ConvexDeployment(stack, "convex", {
    workspaceName: "loop",
    urls: { backend: "http://localhost:3210", site: "http://localhost:3211", dashboard: "http://localhost:6791" },
    storage: new LocalPlusSync({
      target: {
        kind: "AwsS3",
        bucket: "backups",
        prefix: "loop",
        credentials: { accessKeyId: secret("a"), secretAccessKey: secret("b") },
      },
      intervalMinutes: intervalMinutes?.(stack),
    }),
  });
  const tf = JSON.parse(Testing.synth(stack)) as { resource: { docker_container: Record<string, SidecarContainer> } };
  const containers = Object.values(tf.resource.docker_container);
  return Object.fromEntries(
    containers.filter((c) => /-(sync|snapshot)$/.test(c.name)).map((c) => [c.name.replace("convex-loop-", ""), c]),
  );
}

describe("the sidecars' repeating loop", () => {
  it("pauses a literal interval in seconds", () => {
    const { sync, snapshot } = sidecars(() => 20);
    for (const sidecar of [sync, snapshot]) expect(sidecar.entrypoint[2]).toMatch(/; sleep 1200; done$/);
  });

  it("lets the shell multiply an interval known only at plan, and checks it at plan in both sidecars", () => {
    const { sync, snapshot } = sidecars(
      (stack) => new TerraformVariable(stack, "interval", { type: "number" }).numberValue,
    );
    for (const sidecar of [sync, snapshot]) {
      // Never the token's placeholder number (which would make `sleep` fail and the loop spin).
      expect(sidecar.entrypoint[2]).toMatch(/; sleep \$\(\(\$\{var\.interval\} \* 60\)\); done$/);
      expect(sidecar.lifecycle?.precondition?.map((p) => p.condition).join(" ")).toContain("var.interval");
    }
  });

  it("refuses an interval out of range in the snapshot sidecar used on its own, naming the prop", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const dataVolume = new ConvexDataVolume(stack, "data", { workspaceName: "loop" });
    const scratchVolume = new Volume(stack, "scratch", { name: "scratch" });
    expect(
      () =>
        new SqliteSnapshotSidecar(stack, "snap", {
          containerName: "snap",
          dataVolume,
          scratchVolume,
          intervalMinutes: -3,
        }),
    ).toThrow(/intervalMinutes must be a whole number of minutes from 1 to 1440/);
  });

  it("refuses a snapshot count known only at plan: it is written into the sync command", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const keep = new TerraformVariable(stack, "keep", { type: "number" }).numberValue;
    const secret = (name: string) =>
      new TerraformVariable(stack, name, { type: "string", sensitive: true }).stringValue;
    const credentials = { accessKeyId: secret("a"), secretAccessKey: secret("b") };
    expect(
      () =>
        new LocalPlusSync({
          target: { kind: "AwsS3", bucket: "backups", prefix: "p", credentials },
          keepSnapshots: keep,
        }),
    ).toThrow(/keepSnapshots must be a number known at synthesis/);
  });
});
