import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { WORKSPACE_FILE_WORDING } from "../../config/volume-change-wording";
import { volumeChangeExplanation } from "../../constructs/domain";
import { volumeChangeMessage } from "../../constructs/domain/volume-change";
import { createBucket, deleteBucket, objectText, rgw, rgwAwsEnv, rgwClient, uniqueName } from "../helpers/rgw";
import { runTs } from "../helpers/run";
import { planJson, type StateDocument, terraformDir, withoutDocker } from "../helpers/terraform";
import { synth, workspace } from "../helpers/workspaces";
import { tempDir } from "../helpers/temp";

/*
 * docs/state.md's move of a deployed workspace from its local state file to the bucket, with the real
 * terraform binary in the stack's own directory (cdktf.out/stacks/<name>, where `cdktf deploy` runs it),
 * and the guard before, during and after the move. What is deployed is what needs no provider: the
 * volume guard's terraform_data, whose ledger records the LocalStorage volume.
 */

const client = rgwClient();
const bucket = uniqueName("i12-move");
const NAME = uniqueName("i12-move");
const KEY = `convex-stack/${NAME}.tfstate`;
const project = tempDir("i12-migration-");
const stackDir = join(project, "cdktf.out", "stacks", NAME);
const localFile = join(project, `terraform.${NAME}.tfstate`);
const workspaces = join(project, "workspaces");
const aws = rgwAwsEnv();
const state = () => ({ backend: "s3" as const, bucket, region: "us-east-1", endpoint: rgw().endpoint });
const S3_STORAGE = { kind: "AwsS3" as const, region: "eu-central-1", bucketPrefix: "acme-i12" };
const VOLUME = () => ({ workspace: NAME, volumeName: `convex-${NAME}-data`, generation: 1 });
/** What validate and synthesis print (the finding's field and info) and what plan says, for the same change. */
const EXPLANATION = () =>
  `storage.kind: ${volumeChangeExplanation("storageMode", "local", "s3", VOLUME(), WORKSPACE_FILE_WORDING)}`;
const PLAN_EXPLANATION = () =>
  `storage.kind: ${volumeChangeMessage("storageMode", "local", "s3", VOLUME(), WORKSPACE_FILE_WORDING)}`;

/** The stack as `cdktf synth` writes it for the workspace (without Docker), and terraform in its directory. */
function synthesize(file: object) {
  return terraformDir(stackDir, withoutDocker(synth(workspace(file as never)), true));
}

/** npm run validate of the workspace switched to AwsS3 storage, as it would be run after editing the file. */
function validateSwitchedToS3(stateBlock?: object): { status: number | null; stderr: string } {
  writeFileSync(
    join(workspaces, `${NAME}.json`),
    JSON.stringify({ name: NAME, storage: S3_STORAGE, ...(stateBlock ? { state: stateBlock } : {}) }),
  );
  return runTs("bin/validate.ts", [workspaces], {
    ...aws,
    CONVEX_STACK_OFFLINE: "1",
    CDKTF_OUTDIR: join(project, "cdktf.out"),
  });
}

beforeAll(async () => {
  await createBucket(client, bucket);
  mkdirSync(workspaces);
  // Deployed with the local state file, as every workspace was before the state block existed.
  const run = synthesize({ name: NAME });
  for (const args of [
    ["init", "-input=false"],
    ["apply", "-auto-approve", "-input=false"],
  ]) {
    const result = run(args);
    if (result.status !== 0) throw new Error(result.output);
  }
});

afterAll(async () => {
  await deleteBucket(client, bucket);
  client.destroy();
});

describe("moving a deployed workspace from its local state file to S3", () => {
  it("starts from the local state file, which the guard reads", () => {
    // The downgrade guard's record and the volume guard's guard and ledger.
    expect((JSON.parse(readFileSync(localFile, "utf8")) as StateDocument).resources).toHaveLength(3);
    const result = validateSwitchedToS3();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${EXPLANATION()} (Seen in the state file ${localFile}.)`);
  });

  it("keeps guarding between the edit of the state block and the move, and says the move is due", () => {
    const result = validateSwitchedToS3(state());
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${EXPLANATION()} (Seen in the state file ${localFile}.)`);
    expect(result.stderr).toContain(`does not exist yet while the state file ${localFile} does`);
  });

  it("moves with terraform init -migrate-state in the stack's directory: every resource and output at the key, nothing left to plan", async () => {
    const beforeText = readFileSync(localFile, "utf8");
    const before = JSON.parse(beforeText) as StateDocument;
    const run = synthesize({ name: NAME, state: state() });
    // Without -migrate-state terraform refuses to switch backends: nothing is lost by a plain init.
    const plainInit = run(["init", "-input=false"], aws);
    expect(plainInit.status).toBe(1);
    expect(plainInit.output).toContain("Backend configuration changed");
    const moved = run(["init", "-input=false", "-migrate-state", "-force-copy"], aws);
    expect(moved.output).toContain('Successfully configured the backend "s3"');
    expect(moved.status).toBe(0);
    const after = JSON.parse((await objectText(client, bucket, KEY))!) as StateDocument;
    // Terraform copies what the state records (under a new lineage) and leaves the local file as it was.
    expect({ resources: after.resources, outputs: after.outputs }).toEqual({
      resources: before.resources,
      outputs: before.outputs,
    });
    expect(readFileSync(localFile, "utf8")).toBe(beforeText);
    expect(run(["plan", "-detailed-exitcode", "-input=false"], aws).status).toBe(0);
  });

  it("guards from the remote state after the move: validate and plan refuse the switch to AwsS3", () => {
    const validate = validateSwitchedToS3(state());
    expect(validate.status).toBe(1);
    expect(validate.stderr).toContain(
      `${EXPLANATION()} (Seen in the remote state s3://${bucket}/${KEY} at ${rgw().endpoint}.)`,
    );
    expect(validate.stderr).not.toContain("does not exist yet");
    synthesize({ name: NAME, storage: S3_STORAGE, state: state() });
    const plan = planJson(stackDir, [], {
      ...aws,
      TF_VAR_storage_access_key_id: "unused",
      TF_VAR_storage_secret_access_key: "unused",
    });
    expect(plan.status).toBe(1);
    expect(plan.errors.map((e) => e.detail)).toEqual([PLAN_EXPLANATION()]);
  });
});
