import { expect } from "@jest/globals";
import { GetBucketVersioningCommand, HeadBucketCommand } from "@aws-sdk/client-s3";
import { BUCKET_PURPOSES, bucketsFromPrefix, KNOWN_REVISIONS } from "../../constructs/domain";
import { deleteBucket, rgw, rgwClient, uniqueName } from "../helpers/rgw";
import { terraformDir, withoutDocker } from "../helpers/terraform";
import { synth, workspace } from "../helpers/workspaces";
import { tempDir } from "../helpers/temp";

/*
 * The bucket-provisioning part of real workspace stacks, run through the real terraform binary and
 * hashicorp/aws 5.100.0 from the local mirror. Docker resources are left out: their provider is not here.
 */
const tmp = () => tempDir("convex-provisioning-");

describe("bucket provisioning, validated by terraform", () => {
  it.each([
    [
      "AwsS3 with a provisioned IAM user and versioning",
      {
        kind: "AwsS3",
        region: "eu-central-1",
        bucketPrefix: "acme",
        provisionBuckets: true,
        versioning: true,
        credentials: "provisionedIamUser",
      },
    ],
    [
      "AwsS3 with the backend's own keys",
      { kind: "AwsS3", region: "eu-central-1", bucketPrefix: "acme", provisionBuckets: true, sessionToken: true },
    ],
    [
      "CephViaGateway with versioning",
      {
        kind: "CephViaGateway",
        endpoint: "https://rgw.example.internal",
        bucketPrefix: "acme",
        provisionBuckets: true,
        versioning: true,
      },
    ],
  ] as const)("%s", (_name, storage) => {
    const terraform = terraformDir(tmp(), withoutDocker(synth(workspace({ name: "it", storage }))));
    const init = terraform(["init", "-input=false", "-backend=false"]);
    expect(init.output).toContain("Terraform has been successfully initialized");
    const validate = terraform(["validate"]);
    expect(validate.output).toContain("Success! The configuration is valid.");
    expect(validate.status).toBe(0);
  });
});

describe("CephViaGateway provisioning against a real RGW", () => {
  const { endpoint, accessKeyId, secretAccessKey } = rgw();
  const client = rgwClient();
  const prefix = uniqueName("prov");
  const buckets = BUCKET_PURPOSES.map((purpose) => bucketsFromPrefix(prefix)[purpose]);
  const terraform = terraformDir(
    tmp(),
    withoutDocker(
      synth(
        workspace({
          name: "it",
          storage: { kind: "CephViaGateway", endpoint, bucketPrefix: prefix, provisionBuckets: true, versioning: true },
        }),
      ),
    ),
  );
  // The gateway user's keys enter as the stack's sensitive variables, as in a real deployment.
  const secrets = { TF_VAR_storage_access_key_id: accessKeyId, TF_VAR_storage_secret_access_key: secretAccessKey };

  afterAll(async () => {
    for (const bucket of buckets) await deleteBucket(client, bucket).catch(() => undefined);
  });

  it("creates the five buckets with versioning on, and a second plan is empty", async () => {
    expect(terraform(["init", "-input=false"]).status).toBe(0);
    const apply = terraform(["apply", "-input=false", "-auto-approve"], secrets);
    // Five buckets, their five versioning settings, the volume guard's ledger and guard, and the downgrade
    // guard's record of the known revisions up to the pinned one, all of them (terraform_data).
    const recorded = Object.keys(KNOWN_REVISIONS).length;
    expect(apply.output).toContain(`Apply complete! Resources: ${12 + recorded} added, 0 changed, 0 destroyed.`);
    expect(apply.output.match(/aws_s3_bucket\.\S+: Creation complete/g)).toHaveLength(5);
    expect(apply.output.match(/aws_s3_bucket_versioning\.\S+: Creation complete/g)).toHaveLength(5);
    for (const bucket of buckets) {
      await expect(client.send(new HeadBucketCommand({ Bucket: bucket }))).resolves.toBeDefined();
      expect((await client.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe("Enabled");
    }
    const plan = terraform(["plan", "-input=false", "-detailed-exitcode"], secrets);
    expect(plan.output).toContain("No changes.");
    expect(plan.status).toBe(0);
    expect(apply.output + plan.output).not.toContain(secretAccessKey);
  });
});
