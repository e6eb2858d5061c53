import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { WORKSPACE_FILE_WORDING } from "../../config/volume-change-wording";
import { volumeChangeExplanation } from "../../constructs/domain";
import { volumeChangeMessage } from "../../constructs/domain/volume-change";
import {
  createBucket,
  deleteBucket,
  listObjects,
  objectAppears,
  objectText,
  rgw,
  rgwAwsEnv,
  rgwClient,
  uniqueName,
} from "../helpers/rgw";
import { runTs } from "../helpers/run";
import {
  initializedDir,
  planJson,
  slowApply,
  type TerraformConfig,
  terraformAsync,
  terraformDir,
  withoutDocker,
} from "../helpers/terraform";
import { synth, workspace } from "../helpers/workspaces";
import { tempDir } from "../helpers/temp";

/*
 * Terraform state in the real Ceph RGW, written by the real terraform binary through the stack's own
 * synthesized S3 backend block. The docker provider cannot be installed here, so what is applied is the
 * part that needs no provider: the volume guard's terraform_data (its ledger records what the volume was
 * first deployed with, which is what validate and synth read back from the remote state).
 *
 * The bucket is unversioned: Ceph RGW 16.2 answers If-None-Match: * with 412 only there (in a versioned
 * bucket it ignores the condition; doctor-state.test.ts shows what that does to the lock).
 */

const client = rgwClient();
const bucket = uniqueName("i12-state");
const NAME = uniqueName("i12");
const KEY = `convex-stack/${NAME}.tfstate`;
const root = tempDir("i12-state-s3-");
const aws = rgwAwsEnv();
const state = () => ({ backend: "s3" as const, bucket, region: "us-east-1", endpoint: rgw().endpoint });
const S3_STORAGE = { kind: "AwsS3" as const, region: "eu-central-1", bucketPrefix: "acme-i12" };

/** A machine's working directory of the workspace's stack (without Docker), initialized against the bucket. */
function machine(id: string, edit: (config: TerraformConfig) => TerraformConfig = (config) => config) {
  return initializedDir(
    join(root, id),
    edit(withoutDocker(synth(workspace({ name: NAME, state: state() })), true)),
    aws,
  );
}

/** The parts of a Terraform state document these tests read. */
interface RemoteState {
  serial: number;
  lineage: string;
  resources: { type: string; name: string }[];
}

async function remoteState(): Promise<RemoteState> {
  const text = await objectText(client, bucket, KEY);
  if (text === undefined) throw new Error(`no state at ${KEY}`);
  return JSON.parse(text) as RemoteState;
}

beforeAll(async () => {
  await createBucket(client, bucket);
});

afterAll(async () => {
  await deleteBucket(client, bucket);
  client.destroy();
});

describe("a workspace with its state in RGW", () => {
  let first: (args: string[]) => { status: number | null; output: string };

  beforeAll(() => {
    first = machine("machine-a");
  });

  it("applies, keeps the state at <keyPrefix>/<name>.tfstate, and plans nothing the second time", async () => {
    const apply = first(["apply", "-auto-approve", "-input=false"]);
    expect(apply.status).toBe(0);
    expect((await listObjects(client, bucket, "")).has(KEY)).toBe(true);
    const recorded = await remoteState();
    // The downgrade guard's record and the volume guard's guard and ledger.
    expect(recorded.resources.map((r) => r.type)).toEqual(["terraform_data", "terraform_data", "terraform_data"]);
    // No lock left behind, no state written anywhere else.
    expect([...(await listObjects(client, bucket, "")).keys()]).toEqual([KEY]);
    expect(existsSync(join(root, "machine-a", "terraform.tfstate"))).toBe(false);
    expect(first(["plan", "-detailed-exitcode", "-input=false"]).status).toBe(0);
  });

  it("refuses the second of two concurrent applies by the lock, and keeps the state intact", async () => {
    // Both machines hold one more resource, whose creation keeps the first apply (and its lock) busy.
    const slow = (config: TerraformConfig) => slowApply(config, 4);
    const a = machine("race-a", slow);
    const b = machine("race-b", slow);
    const before = await remoteState();
    const running = terraformAsync(join(root, "race-a"), ["apply", "-auto-approve", "-input=false", "-no-color"], aws);
    try {
      await objectAppears(client, bucket, `${KEY}.tflock`);
      const second = b(["apply", "-auto-approve", "-input=false"]);
      expect(second.status).toBe(1);
      expect(second.output).toContain("Error acquiring the state lock");
      expect(second.output).toMatch(/StatusCode: 412.*PreconditionFailed/s);
    } finally {
      const firstRun = await running;
      expect(firstRun.stderr).toBe("");
      expect(firstRun.status).toBe(0);
    }
    const after = await remoteState();
    expect(after.lineage).toBe(before.lineage);
    expect(after.serial).toBe(before.serial + 1);
    expect(after.resources.filter((r) => r.name === "slow")).toHaveLength(1);
    expect((await listObjects(client, bucket, "")).has(`${KEY}.tflock`)).toBe(false);
    // The refused machine sees the winner's state: nothing left to do.
    expect(b(["plan", "-detailed-exitcode", "-input=false"]).status).toBe(0);
    expect(a(["plan", "-detailed-exitcode", "-input=false"]).status).toBe(0);
  });

  describe("switched to AwsS3 storage after that apply (the remote state records a LocalStorage volume)", () => {
    const workspaces = join(root, "workspaces");
    const volume = () => ({ workspace: NAME, volumeName: `convex-${NAME}-data`, generation: 1 });
    // What validate and synthesis print (the finding's field and info), and what plan says, for the same change.
    const explanation = () =>
      `storage.kind: ${volumeChangeExplanation("storageMode", "local", "s3", volume(), WORKSPACE_FILE_WORDING)}`;
    const planExplanation = () =>
      `storage.kind: ${volumeChangeMessage("storageMode", "local", "s3", volume(), WORKSPACE_FILE_WORDING)}`;
    const seenIn = () => `(Seen in the remote state s3://${bucket}/${KEY} at ${rgw().endpoint}.)`;
    // Offline: no Docker engine is asked, so the remote state is the only record that speaks.
    const env = () => ({ ...aws, CONVEX_STACK_OFFLINE: "1", CDKTF_OUTDIR: join(root, "synth-out") });

    beforeAll(() => {
      mkdirSync(workspaces, { recursive: true });
      writeFileSync(
        join(workspaces, `${NAME}.json`),
        JSON.stringify({ name: NAME, storage: S3_STORAGE, state: state() }),
      );
    });

    it("is refused by npm run validate, citing the remote state", () => {
      const result = runTs("bin/validate.ts", [workspaces], env());
      expect(result.status).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(`${NAME}.json: ${explanation()} ${seenIn()}`);
    });

    it("is refused by synthesis before anything is written, citing the remote state", () => {
      const result = runTs("main.ts", [], { ...env(), CONVEX_STACK_WORKSPACES: workspaces });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`${NAME}.json: ${explanation()} ${seenIn()}`);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(join(root, "synth-out"))).toBe(false);
    });

    it("is refused by terraform plan against the same remote state, with the same explanation", () => {
      const dir = join(root, "machine-a");
      terraformDir(dir, withoutDocker(synth(workspace({ name: NAME, storage: S3_STORAGE, state: state() })), true));
      const plan = planJson(dir, [], {
        ...aws,
        TF_VAR_storage_access_key_id: "unused",
        TF_VAR_storage_secret_access_key: "unused",
      });
      expect(plan.status).toBe(1);
      expect(plan.errors.map((e) => e.detail)).toEqual([planExplanation()]);
    });

    it("is accepted on a new volume generation, the documented way", () => {
      writeFileSync(
        join(workspaces, `${NAME}.json`),
        JSON.stringify({ name: NAME, storage: S3_STORAGE, state: state(), volume: { generation: 2 } }),
      );
      const result = runTs("bin/validate.ts", [workspaces], env());
      expect(result.stderr).toMatch(/^warning: offline/);
      expect(result.status).toBe(0);
    });
  });
});
