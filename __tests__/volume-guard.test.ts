import { TerraformStack, Testing } from "cdktf";
import type { VolumeFingerprint } from "../constructs/domain";
import { WORKSPACE_FILE_WORDING } from "../config/volume-change-wording";
import { type GuardedField, volumeChanges } from "../constructs/domain";
import { volumeChangeMessage } from "../constructs/domain/volume-change";
import { ConvexDataVolume } from "../constructs/data-volume";
import { VolumeFingerprintGuard } from "../constructs/volume-fingerprint-guard";
import { byName, problemsOf, synth, workspace } from "./helpers/workspaces";

const local: VolumeFingerprint = {
  workspace: "app",
  instanceName: "convex-app",
  storageMode: "local",
  storageLocation: "volume",
  database: "sqlite",
};
const s3 = { ...local, storageMode: "s3", storageLocation: "aws eu-central-1 a-e,a-s,a-m,a-f,a-x" } as const;

describe("volumeChanges: what a deployed volume may not be switched to", () => {
  it.each<[string, Partial<VolumeFingerprint>, GuardedField[]]>([
    ["local to S3 storage", { storageMode: "s3", storageLocation: s3.storageLocation }, ["storageMode"]],
    ["SQLite to postgres", { database: "postgres" }, ["database"]],
    ["another instance name of a local SQLite volume (allowed: nothing is bound to it)", { instanceName: "other" }, []],
    ["nothing", {}, []],
  ])("from local SQLite: %s", (_title, change, fields) => {
    expect(volumeChanges(local, { ...local, ...change }).map((c) => c.field)).toEqual(fields);
  });

  it.each<[string, Partial<VolumeFingerprint>, GuardedField[]]>([
    ["other buckets", { storageLocation: "aws eu-central-1 b-e,b-s,b-m,b-f,b-x" }, ["storageLocation"]],
    ["another instance name", { instanceName: "other" }, ["instanceName"]],
    ["S3 to local storage", { storageMode: "local", storageLocation: "volume" }, ["storageMode"]],
  ])("from S3: %s", (_title, change, fields) => {
    expect(volumeChanges(s3, { ...s3, ...change }).map((c) => c.field)).toEqual(fields);
  });

  it("binds the instance name of a postgres deployment (it names the database)", () => {
    const pg = { ...local, database: "postgres" } as const;
    expect(volumeChanges(pg, { ...pg, instanceName: "other" }).map((c) => c.field)).toEqual(["instanceName"]);
  });

  it("explains the upstream error, the way out and the field to undo", () => {
    const message = volumeChangeMessage(
      "storageMode",
      "local",
      "s3",
      { workspace: "app", volumeName: "convex-app-data", generation: 1 },
      WORKSPACE_FILE_WORDING,
    );
    expect(message).toContain(
      'the data volume convex-app-data was created with storage mode "local" and this file asks for "s3"',
    );
    expect(message).toContain('"Database was initialized with <old>, but backend started up with <new>."');
    expect(message).toContain("npx convex export --include-file-storage --path convex-export.zip");
    expect(message).toContain(
      "set volume.generation to 2: a new, empty volume convex-app-data-g2 is created and convex-app-data is left untouched",
    );
    expect(message).toContain("npx convex import --replace-all convex-export.zip");
    expect(message).toContain("Or undo the change to storage.kind.");
  });
});

describe("the plan-time guard in a synthesized stack", () => {
  const stack = synth(workspace({ name: "app" }));
  const data = stack.tf.resource.terraform_data;
  const ledgerId = Object.keys(data).find((id) => id.includes("ledger"))!;
  const guardId = Object.keys(data).find((id) => id.startsWith("convex_volume-guard_") && id !== ledgerId)!;

  it("records the first fingerprint in a ledger that is never updated and is replaced with the volume", () => {
    expect(data[ledgerId]).toEqual({
      input: workspace({ name: "app" }).fingerprint,
      lifecycle: { ignore_changes: ["input"] },
      triggers_replace: { volume: "convex-app-data" },
    });
  });

  it("checks every guarded field with the explanation validate gives, the recorded value read from the ledger", () => {
    const preconditions = (data[guardId].lifecycle as { precondition: { condition: string; error_message: string }[] })
      .precondition;
    expect(preconditions).toHaveLength(4);
    const byField = ["storageMode", "storageLocation", "instanceName", "database"] as GuardedField[];
    byField.forEach((field, i) => {
      const recorded = `\${terraform_data.${ledgerId}.output.${field}}`;
      const requested = workspace({ name: "app" }).fingerprint[field];
      const expected = `${WORKSPACE_FILE_WORDING.settings[field]}: ${volumeChangeMessage(field, "RECORDED", requested, { workspace: "app", volumeName: "convex-app-data", generation: 1 }, WORKSPACE_FILE_WORDING)}`;
      expect(preconditions[i].error_message).toBe(expected.split("RECORDED").join(recorded));
      expect(preconditions[i].condition).toContain(`terraform_data.${ledgerId}.output.${field}`);
    });
  });

  it("makes the data volume and the backend wait for the guard", () => {
    expect(byName(stack, "docker_volume")["convex-app-data"].depends_on).toEqual([`terraform_data.${guardId}`]);
    expect(byName(stack, "docker_container")["convex-app-backend"].depends_on).toContain(`terraform_data.${guardId}`);
  });

  it("derives the same fingerprint from the constructs as from the workspace file", () => {
    for (const file of [
      { name: "app" },
      { name: "app", convex: { instanceName: "legacy" }, database: { kind: "postgres" as const } },
    ]) {
      const ws = workspace(file);
      const ledger = Object.entries(synth(ws).tf.resource.terraform_data).find(([id]) => id.includes("ledger"))![1];
      expect(ledger.input).toEqual(ws.fingerprint);
    }
  });

  it("escapes values that Terraform would read as a template", () => {
    const s = new TerraformStack(Testing.app(), "s");
    new VolumeFingerprintGuard(s, "g", {
      fingerprint: { ...s3, storageLocation: "http://gw/${x} %{y}" },
      volumeName: "v",
    });
    const json = Testing.synth(s);
    expect(json).toContain("http://gw/$${x} %%{y}");
    expect(json).not.toMatch(/[^$]\$\{x\}/);
    expect(json).not.toContain(" %{y}");
  });
});

describe("volume generations", () => {
  const addressOfGeneration1 = `docker_volume.${Object.keys(synth(workspace({ name: "app" })).tf.resource.docker_volume)[0]}`;

  it("keeps generation 1 at its original address and declares no removed block", () => {
    const tf = synth(workspace({ name: "app" })).tf as unknown as Record<string, unknown>;
    expect(addressOfGeneration1).toBe("docker_volume.convex_data_volume_04D4F324");
    expect(tf.removed).toBeUndefined();
  });

  it("gives a new generation its own resource and lets go of the earlier ones without destroying them", () => {
    const g3 = synth(workspace({ name: "app", volume: { generation: 3 } }));
    const volumes = Object.entries(g3.tf.resource.docker_volume);
    expect(volumes).toHaveLength(1);
    expect(volumes[0][1].name).toBe("convex-app-data-g3");
    const addressOfGeneration2 = `docker_volume.${Object.keys(synth(workspace({ name: "app", volume: { generation: 2 } })).tf.resource.docker_volume)[0]}`;
    expect(new Set([addressOfGeneration1, addressOfGeneration2, `docker_volume.${volumes[0][0]}`]).size).toBe(3);
    const removed = (g3.tf as unknown as { removed: { from: string }[] }).removed;
    expect(removed.filter((r) => r.from.startsWith("docker_volume."))).toEqual([
      { from: addressOfGeneration1, lifecycle: { destroy: false } },
      { from: addressOfGeneration2, lifecycle: { destroy: false } },
    ]);
  });

  it("refuses a generation beyond 100 before building anything (one removed block per earlier generation)", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    expect(() => new ConvexDataVolume(stack, "data", { workspaceName: "v", generation: 1e9 })).toThrow(
      "generation must be a whole number from 1 to 100, got 1000000000",
    );
    expect(problemsOf({ name: "app", volume: { generation: 101 } }).map((p) => p.path)).toEqual(["volume.generation"]);
  });

  it("starts a new ledger for a new generation", () => {
    const data = synth(workspace({ name: "app", volume: { generation: 2 } })).tf.resource.terraform_data;
    const ledger = Object.entries(data).find(([id]) => id.includes("ledger"))![1];
    expect(ledger.triggers_replace).toEqual({ volume: "convex-app-data-g2" });
  });
});
