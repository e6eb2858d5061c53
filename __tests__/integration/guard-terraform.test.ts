import { existsSync } from "node:fs";
import { join } from "node:path";
import { DataResource } from "cdktf";
import { Construct } from "constructs";
import type { VolumeFingerprint } from "../../constructs/domain";
import { WORKSPACE_FILE_WORDING } from "../../config/volume-change-wording";
import { type GuardedField, volumeChanges } from "../../constructs/domain";
import { volumeChangeMessage } from "../../constructs/domain/volume-change";
import { ConvexDataVolume } from "../../constructs/data-volume";
import { ReleasedResource } from "../../constructs/released-resource";
import { VolumeFingerprintGuard } from "../../constructs/volume-fingerprint-guard";
import { planJson, terraformOk, terraformWorkdir, writeStack } from "../helpers/terraform";

/*
 * The plan-time guard with the real terraform binary: it needs only Terraform's builtin provider, so
 * the guard is planned alone (the docker provider cannot be installed here).
 */

const local: VolumeFingerprint = {
  workspace: "app",
  instanceName: "convex-app",
  storageMode: "local",
  storageLocation: "volume",
  database: "sqlite",
};
const s3: VolumeFingerprint = {
  ...local,
  storageMode: "s3",
  storageLocation: "aws eu-central-1 app-exports,app-snapshot-imports,app-modules,app-files,app-search",
};

function guardStack(dir: string, fingerprint: VolumeFingerprint, generation = 1): void {
  const volumeName = generation === 1 ? "convex-app-data" : `convex-app-data-g${generation}`;
  writeStack(
    dir,
    (stack) =>
      new VolumeFingerprintGuard(stack, "volume-guard", {
        fingerprint,
        volumeName,
        generation,
        wording: WORKSPACE_FILE_WORDING,
      }),
  );
}

/** The explanation validate and synth give for the same change, with the prefix Terraform's message has. */
function explanation(recorded: VolumeFingerprint, requested: VolumeFingerprint, field: GuardedField): string {
  return `${WORKSPACE_FILE_WORDING.settings[field]}: ${volumeChangeMessage(field, recorded[field], requested[field], { workspace: "app", volumeName: "convex-app-data", generation: 1 }, WORKSPACE_FILE_WORDING)}`;
}

describe("the volume fingerprint guard, planned by terraform", () => {
  let dir: string;
  beforeAll(() => {
    dir = terraformWorkdir("guard-");
    guardStack(dir, local);
    terraformOk(dir, ["init", "-input=false"]);
    terraformOk(dir, ["apply", "-auto-approve", "-input=false"]);
  });

  it("passes a plan with the fingerprint it was first applied with, planning nothing", () => {
    guardStack(dir, local);
    const plan = planJson(dir);
    expect(plan.errors).toEqual([]);
    expect(plan.status).toBe(0);
    expect(plan.changes).toEqual([]);
  });

  it("fails the plan for another storage mode with the explanation validate gives", () => {
    guardStack(dir, s3);
    const plan = planJson(dir);
    expect(plan.status).toBe(1);
    expect(plan.errors.map((e) => e.summary)).toEqual(["Resource precondition failed"]);
    expect(plan.errors[0].detail).toBe(explanation(local, s3, "storageMode"));
  });

  it.each<[string, Partial<VolumeFingerprint>]>([
    ["postgres instead of SQLite", { database: "postgres" }],
    ["postgres and S3 at once", { ...s3, database: "postgres" }],
    ["another instance name of a local SQLite volume", { instanceName: "renamed" }],
  ])("fails exactly where volumeChanges() does: %s", (_title, change) => {
    const requested = { ...local, ...change };
    guardStack(dir, requested);
    const plan = planJson(dir);
    const expected = volumeChanges(local, requested).map((c) => explanation(local, requested, c.field));
    expect(plan.errors.map((e) => e.detail).sort()).toEqual(expected.sort());
    expect(plan.status).toBe(expected.length > 0 ? 1 : 0);
  });

  it("still holds the first fingerprint after a refused plan", () => {
    guardStack(dir, local);
    expect(planJson(dir).status).toBe(0);
  });

  it("lets a new volume generation start with new settings, then guards those", () => {
    const scratch = terraformWorkdir("guard-gen-");
    guardStack(scratch, local);
    terraformOk(scratch, ["init", "-input=false"]);
    terraformOk(scratch, ["apply", "-auto-approve", "-input=false"]);
    guardStack(scratch, s3, 2);
    const plan = planJson(scratch);
    expect(plan.errors).toEqual([]);
    expect(plan.changes.map((c) => c.action).sort()).toEqual(["replace"]);
    terraformOk(scratch, ["apply", "-auto-approve", "-input=false"]);
    guardStack(scratch, local, 2);
    const back = planJson(scratch);
    expect(back.status).toBe(1);
    expect(back.errors[0].detail).toContain(
      'convex-app-data-g2 was created with storage mode "s3" and this file asks for "local"',
    );
  });
});

describe("the guard of a volume deployed with S3 storage", () => {
  let dir: string;
  beforeAll(() => {
    dir = terraformWorkdir("guard-s3-");
    guardStack(dir, s3);
    terraformOk(dir, ["init", "-input=false"]);
    terraformOk(dir, ["apply", "-auto-approve", "-input=false"]);
  });

  it.each<[string, Partial<VolumeFingerprint>]>([
    [
      "other buckets (upstream would not notice)",
      { storageLocation: "aws eu-central-1 b-exports,b-snapshot-imports,b-modules,b-files,b-search" },
    ],
    ["another instance name (the S3 key prefix)", { instanceName: "renamed" }],
    ["back to local storage", { storageMode: "local", storageLocation: "volume" }],
  ])("refuses %s exactly as volumeChanges() does", (_title, change) => {
    const requested = { ...s3, ...change };
    guardStack(dir, requested);
    const plan = planJson(dir);
    const expected = volumeChanges(s3, requested).map((c) => explanation(s3, requested, c.field));
    expect(expected).toHaveLength(1);
    expect(plan.status).toBe(1);
    expect(plan.errors.map((e) => e.detail)).toEqual(expected);
  });
});

describe("the guard of a gateway volume whose ledger spelled the endpoint another way", () => {
  const buckets = "gw-exports,gw-snapshot-imports,gw-modules,gw-files,gw-search";
  // As a ledger written before locations were canonical holds it: the endpoint as the file spelled it.
  const recorded: VolumeFingerprint = {
    ...local,
    storageMode: "s3",
    storageLocation: `HTTPS://RGW.Example.Internal:443/ us-east-1 ${buckets}`,
  };
  let dir: string;
  beforeAll(() => {
    dir = terraformWorkdir("guard-spelling-");
    guardStack(dir, recorded);
    terraformOk(dir, ["init", "-input=false"]);
    terraformOk(dir, ["apply", "-auto-approve", "-input=false"]);
  });

  it.each<[string, string, number]>([
    ["the same endpoint in its canonical spelling", `https://rgw.example.internal us-east-1 ${buckets}`, 0],
    ["the same endpoint with its default port", `https://rgw.example.internal:443 us-east-1 ${buckets}`, 0],
    ["another port", `https://rgw.example.internal:8443 us-east-1 ${buckets}`, 1],
    ["another host", `https://rgw2.example.internal us-east-1 ${buckets}`, 1],
    ["another path (case kept)", `https://rgw.example.internal/Tenant us-east-1 ${buckets}`, 1],
  ])("plans %s exactly as volumeChanges() judges it", (_title, storageLocation, refusals) => {
    const requested = { ...recorded, storageLocation };
    guardStack(dir, requested);
    const plan = planJson(dir);
    const expected = volumeChanges(recorded, requested).map((c) => explanation(recorded, requested, c.field));
    expect(expected).toHaveLength(refusals);
    expect(plan.errors.map((e) => e.detail)).toEqual(expected);
    expect(plan.status).toBe(refusals > 0 ? 1 : 0);
  });
});

/** Stands in for ConvexDataVolume's docker_volume: same construct ids per generation, a marker on destroy. */
class StandInVolume extends Construct {
  constructor(scope: Construct, id: string, generation: number, marker: string, release = true) {
    super(scope, id);
    new DataResource(this, ConvexDataVolume.resourceIdFor(generation), {
      input: { name: `vol-g${generation}` },
      lifecycle: { preventDestroy: true },
      provisioners: [{ type: "local-exec", when: "destroy", command: `touch ${marker}` }],
    });
    if (!release) return;
    for (let earlier = 1; earlier < generation; earlier++)
      new ReleasedResource(this, ConvexDataVolume.resourceIdFor(earlier), "terraform_data");
  }
}

describe("a new volume generation, applied by terraform", () => {
  let dir: string;
  let generation1: string;
  const marker = () => join(dir, "DESTROYED");
  beforeAll(() => {
    dir = terraformWorkdir("generations-");
    const json = JSON.parse(writeStack(dir, (stack) => new StandInVolume(stack, "data", 1, marker()))) as {
      resource: { terraform_data: Record<string, unknown> };
    };
    generation1 = `terraform_data.${Object.keys(json.resource.terraform_data)[0]}`;
    terraformOk(dir, ["init", "-input=false"]);
    terraformOk(dir, ["apply", "-auto-approve", "-input=false"]);
  });

  it("would destroy the old volume without the removed block, prevent_destroy or not", () => {
    writeStack(dir, (stack) => new StandInVolume(stack, "data", 2, marker(), false));
    expect(planJson(dir).changes).toContainEqual({ address: generation1, action: "delete" });
  });

  it("releases the old volume instead: Terraform forgets it and never runs its destroy", () => {
    writeStack(dir, (stack) => new StandInVolume(stack, "data", 3, marker()));
    const plan = planJson(dir);
    expect(plan.errors).toEqual([]);
    expect(plan.changes).toContainEqual({ address: generation1, action: "remove" });
    expect(plan.changes.filter((c) => c.action === "delete")).toEqual([]);
    terraformOk(dir, ["apply", "-auto-approve", "-input=false"]);
    expect(existsSync(marker())).toBe(false);
    const state = terraformOk(dir, ["state", "list"]).stdout.trim().split("\n");
    expect(state).toEqual([expect.stringMatching(/^terraform_data\.data_volume-g3_/)]);
  });
});
