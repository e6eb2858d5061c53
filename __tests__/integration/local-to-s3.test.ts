import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseWorkspace } from "../../config/load";
import { WORKSPACE_FILE_WORDING } from "../../config/volume-change-wording";
import { volumeChangeExplanation } from "../../constructs/domain";
import { volumeChangeMessage } from "../../constructs/domain/volume-change";
import { VolumeFingerprintGuard } from "../../constructs/volume-fingerprint-guard";
import { runTs } from "../helpers/run";
import { planJson, type StateDocument, terraformOk, writeStack } from "../helpers/terraform";
import { synth } from "../helpers/workspaces";
import { tempDir } from "../helpers/temp";

/*
 * Done when: a workspace deployed with LocalStorage, then switched to AwsS3 in its file, is refused by
 * validate, by synth and by plan, each with the same explanation. "Deployed" is what a deploy leaves:
 * the stack's state file, the labelled volume on the Docker engine, and the guard's ledger in the state.
 */

const NAME = `switch-${process.pid}`;
const VOLUME = `convex-${NAME}-data`;
const LOCAL_FILE = { name: NAME, storage: { kind: "LocalStorage" } };
const S3_FILE = { name: NAME, storage: { kind: "AwsS3", region: "eu-central-1", bucketPrefix: "acme-switch" } };

const root = tempDir("local-to-s3-");
const workspaces = join(root, "workspaces");
const outdir = join(root, "cdktf.out");
const file = join(workspaces, `${NAME}.json`);
const guardDir = join(root, "guard");

function resolved(content: object) {
  const result = parseWorkspace(file, JSON.stringify(content), {});
  if (!result.workspace) throw new Error(JSON.stringify(result.findings));
  return result.workspace;
}

/** What `cdktf deploy` of the LocalStorage workspace leaves behind. */
function deployLocal(): void {
  const ws = resolved(LOCAL_FILE);
  const stack = synth(ws);
  const [address, volume] = Object.entries(stack.tf.resource.docker_volume)[0];
  // The state file, in format 4, with the volume as the synthesized stack declares it.
  const fixture = join(__dirname, "..", "fixtures", "terraform.app.tfstate");
  const state = JSON.parse(readFileSync(fixture, "utf8")) as StateDocument;
  const resource = state.resources.find((r) => r.type === "docker_volume")!;
  resource.name = address;
  Object.assign(resource.instances[0].attributes, {
    id: VOLUME,
    name: volume.name,
    labels: volume.labels,
    mountpoint: `/var/lib/docker/volumes/${VOLUME}/_data`,
  });
  writeFileSync(join(root, `terraform.${NAME}.tfstate`), JSON.stringify(state, null, 2));
  // The volume, labelled as the docker provider creates it.
  const labels = (volume.labels as { label: string; value: string }[]).flatMap(({ label, value }) => [
    "--label",
    `${label}=${value}`,
  ]);
  execFileSync("docker", ["volume", "create", ...labels, VOLUME]);
  // The guard's ledger, applied by terraform.
  mkdirSync(guardDir);
  writeStack(
    guardDir,
    (s) =>
      new VolumeFingerprintGuard(s, "volume-guard", {
        fingerprint: ws.fingerprint,
        volumeName: VOLUME,
        wording: WORKSPACE_FILE_WORDING,
      }),
  );
  terraformOk(guardDir, ["init", "-input=false"]);
  terraformOk(guardDir, ["apply", "-auto-approve", "-input=false"]);
}

/** The one explanation all three must give. */
/** What validate and synthesis print (the finding's field and info) and what plan says, for the same change. */
const EXPLANATION = `storage.kind: ${volumeChangeExplanation("storageMode", "local", "s3", { workspace: NAME, volumeName: VOLUME, generation: 1 }, WORKSPACE_FILE_WORDING)}`;
const PLAN_EXPLANATION = `storage.kind: ${volumeChangeMessage("storageMode", "local", "s3", { workspace: NAME, volumeName: VOLUME, generation: 1 }, WORKSPACE_FILE_WORDING)}`;

beforeAll(() => {
  mkdirSync(workspaces);
  writeFileSync(file, JSON.stringify(LOCAL_FILE));
  deployLocal();
  writeFileSync(file, JSON.stringify(S3_FILE, null, 2));
});

afterAll(() => {
  execFileSync("docker", ["volume", "rm", VOLUME]);
});

describe("a LocalStorage workspace switched to AwsS3 after its deploy", () => {
  it("is refused by npm run validate", () => {
    const result = runTs("bin/validate.ts", [workspaces], { CDKTF_OUTDIR: outdir });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`${NAME}.json: ${EXPLANATION}`);
    expect(result.stderr).toContain(
      `(Seen in the state file ${join(root, `terraform.${NAME}.tfstate`)} and in the labels of Docker volume ${VOLUME} on unix:///var/run/docker.sock.)`,
    );
    expect(result.stderr).toMatch(/^1 problem\(s\):/);
  });

  it("is refused by synthesis, before anything is written", () => {
    const result = runTs("main.ts", [], { CDKTF_OUTDIR: outdir, CONVEX_STACK_WORKSPACES: workspaces });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${NAME}.json: ${EXPLANATION}`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(outdir)).toBe(false);
  });

  it("is refused by terraform plan, by the guard", () => {
    writeStack(
      guardDir,
      (s) =>
        new VolumeFingerprintGuard(s, "volume-guard", {
          fingerprint: resolved(S3_FILE).fingerprint,
          volumeName: VOLUME,
          wording: WORKSPACE_FILE_WORDING,
        }),
    );
    const plan = planJson(guardDir);
    expect(plan.status).toBe(1);
    expect(plan.errors.map((e) => e.detail)).toEqual([PLAN_EXPLANATION]);
  });

  it("is accepted by all three on a new volume generation, the documented way", () => {
    const next = { ...S3_FILE, volume: { generation: 2 } };
    writeFileSync(file, JSON.stringify(next));
    try {
      const validate = runTs("bin/validate.ts", [workspaces], { CDKTF_OUTDIR: outdir });
      expect(validate.stderr).toBe("");
      expect(validate.status).toBe(0);
      writeStack(
        guardDir,
        (s) =>
          new VolumeFingerprintGuard(s, "volume-guard", {
            fingerprint: resolved(next).fingerprint,
            volumeName: `${VOLUME}-g2`,
            generation: 2,
            wording: WORKSPACE_FILE_WORDING,
          }),
      );
      expect(planJson(guardDir).errors).toEqual([]);
    } finally {
      writeFileSync(file, JSON.stringify(S3_FILE));
    }
  });
});
