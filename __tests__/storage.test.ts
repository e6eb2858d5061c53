import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { DEFAULTS, fingerprintLabels } from "../constructs/domain";
import type { WorkspaceFile } from "../vocabulary/workspace-schema";
import { ConvexDeployment } from "../constructs/convex-deployment";
import { AwsS3 } from "../constructs/storage/aws-s3";
import { CephViaGateway } from "../constructs/storage/ceph-via-gateway";
import { LocalPlusSync } from "../constructs/storage/local-plus-sync";
import {
  byName,
  envOf,
  problemsOf,
  textOf,
  synth,
  type SynthesizedJson,
  type SynthesizedStack,
  workspace,
} from "./helpers/workspaces";

const bucketPrefix = "acme";
const fiveBuckets = {
  S3_STORAGE_EXPORTS_BUCKET: "acme-exports",
  S3_STORAGE_SNAPSHOT_IMPORTS_BUCKET: "acme-snapshot-imports",
  S3_STORAGE_MODULES_BUCKET: "acme-modules",
  S3_STORAGE_FILES_BUCKET: "acme-files",
  S3_STORAGE_SEARCH_BUCKET: "acme-search",
};
const core = {
  INSTANCE_NAME: "convex-app",
  CONVEX_CLOUD_ORIGIN: "http://localhost:3210",
  CONVEX_SITE_ORIGIN: "http://localhost:3211",
  RUST_LOG: "info",
  APPLICATION_MAX_CONCURRENT_QUERIES: "16",
  APPLICATION_MAX_CONCURRENT_MUTATIONS: "16",
  APPLICATION_MAX_CONCURRENT_V8_ACTIONS: "16",
  APPLICATION_MAX_CONCURRENT_NODE_ACTIONS: "16",
  DISABLE_METRICS_ENDPOINT: "true",
  DOCUMENT_RETENTION_DELAY: "172800",
};
/** The first revision whose entrypoint starts S3 without static keys (https://github.com/get-convex/convex-backend/pull/434). */
const REV_2026_04_09 = "ca1f91cde3a0ea21ec2dfe4879f8999aab24e5b6";
/** The first revision that reads AWS_S3_DISABLE_RANGE_PREFETCH. */
const REV_2026_07_18 = "2c2e0f662b0ef02779028c5a8fca2322ae1b4cce";

function stackFor(storage: WorkspaceFile["storage"], extra: Partial<WorkspaceFile> = {}): SynthesizedStack {
  return synth(workspace({ name: "app", storage, ...extra }));
}

const resources = (stack: SynthesizedStack, type: string) => Object.values(stack.tf.resource[type] ?? {});

describe("AwsS3", () => {
  it("gives the backend the region, the five buckets and its keys, with SSE and checksums left on", () => {
    const stack = stackFor({ kind: "AwsS3", region: "eu-central-1", bucketPrefix });
    expect(envOf(stack, "convex-app-backend")).toEqual({
      ...core,
      AWS_REGION: "eu-central-1",
      ...fiveBuckets,
      AWS_ACCESS_KEY_ID: "${var.storage_access_key_id}",
      AWS_SECRET_ACCESS_KEY: "${var.storage_secret_access_key}",
    });
    expect(Object.keys(stack.tf.variable!).sort()).toEqual(["storage_access_key_id", "storage_secret_access_key"]);
    for (const variable of Object.values(stack.tf.variable!))
      expect(variable).toMatchObject({ sensitive: true, type: "string" });
  });

  it("passes a session token only when asked, from storage_session_token", () => {
    const stack = stackFor({ kind: "AwsS3", region: "eu-central-1", bucketPrefix, sessionToken: true });
    expect(envOf(stack, "convex-app-backend").AWS_SESSION_TOKEN).toBe("${var.storage_session_token}");
    expect(stack.tf.variable!.storage_session_token).toMatchObject({ sensitive: true });
  });

  it("leaves credentials to the SDK's default chain when told to (on a revision whose entrypoint allows it), declaring no variable", () => {
    const stack = stackFor(
      { kind: "AwsS3", region: "eu-central-1", bucketPrefix, credentials: "sdkDefaultChain" },
      { convex: { version: REV_2026_04_09 } },
    );
    const env = envOf(stack, "convex-app-backend");
    expect(Object.keys(env).filter((key) => key.startsWith("AWS_") && key !== "AWS_REGION")).toEqual([]);
    expect(stack.tf.variable).toBeUndefined();
  });

  it("uses the five buckets as given", () => {
    const buckets = {
      exports: "e-bucket",
      snapshotImports: "i-bucket",
      modules: "m-bucket",
      files: "f-bucket",
      search: "s-bucket",
    };
    const env = envOf(stackFor({ kind: "AwsS3", region: "us-west-2", buckets }), "convex-app-backend");
    expect(env).toMatchObject({
      S3_STORAGE_EXPORTS_BUCKET: "e-bucket",
      S3_STORAGE_SNAPSHOT_IMPORTS_BUCKET: "i-bucket",
      S3_STORAGE_MODULES_BUCKET: "m-bucket",
      S3_STORAGE_FILES_BUCKET: "f-bucket",
      S3_STORAGE_SEARCH_BUCKET: "s-bucket",
    });
  });

  it("creates no AWS resource and needs no aws provider unless provisionBuckets is on", () => {
    const stack = stackFor({ kind: "AwsS3", region: "eu-central-1", bucketPrefix });
    expect(Object.keys(stack.tf.resource).filter((type) => type.startsWith("aws_"))).toEqual([]);
    expect(stack.tf.provider.aws).toBeUndefined();
    expect(stack.tf.terraform.required_providers).not.toHaveProperty("aws");
  });

  describe("with provisionBuckets", () => {
    const stack = stackFor({
      kind: "AwsS3",
      region: "eu-central-1",
      bucketPrefix,
      provisionBuckets: true,
      versioning: true,
      credentials: "provisionedIamUser",
    });
    const bucketAddresses = Object.keys(stack.tf.resource.aws_s3_bucket).map((id) => `aws_s3_bucket.${id}`);

    it("creates the five buckets in the workspace's region, protected from destroy", () => {
      expect(
        resources(stack, "aws_s3_bucket")
          .map((b) => b.bucket)
          .sort(),
      ).toEqual(Object.values(fiveBuckets).sort());
      for (const bucket of resources(stack, "aws_s3_bucket"))
        expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
      expect(stack.tf.provider.aws).toEqual([{ alias: "convex_app_storage", region: "eu-central-1" }]);
      for (const type of Object.keys(stack.tf.resource).filter((t) => t.startsWith("aws_"))) {
        for (const resource of resources(stack, type)) expect(resource.provider).toBe("aws.convex_app_storage");
      }
    });

    it("blocks public access, encrypts by default with SSE-S3 and turns versioning on, for each bucket", () => {
      const refs = bucketAddresses.map((address) => `\${${address}.id}`).sort();
      const blocks = resources(stack, "aws_s3_bucket_public_access_block");
      expect(blocks.map((b) => b.bucket).sort()).toEqual(refs);
      for (const block of blocks) {
        expect(block).toMatchObject({
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        });
      }
      const encryption = resources(stack, "aws_s3_bucket_server_side_encryption_configuration");
      expect(encryption.map((e) => e.bucket).sort()).toEqual(refs);
      for (const e of encryption)
        expect(e.rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
      const versioning = resources(stack, "aws_s3_bucket_versioning");
      expect(versioning.map((v) => v.bucket).sort()).toEqual(refs);
      for (const v of versioning) expect(v.versioning_configuration).toEqual({ status: "Enabled" });
    });

    it("limits the IAM policy to the backend's actions on exactly these five buckets", () => {
      const [policy] = resources(stack, "aws_iam_policy");
      const document = policy.policy as string;
      const arns = bucketAddresses.map((address) => `${address}.arn`).sort();
      const statement = (sid: string) =>
        document.match(
          new RegExp(`"Sid" = "${sid}", "Effect" = "Allow", "Action" = \\[(.*?)\\], "Resource" = \\[(.*?)\\]`),
        )!;
      const list = (text: string) => text.split(", ").sort();
      const [, bucketActions, bucketResources] = statement("ListOwnBuckets");
      const [, objectActions, objectResources] = statement("ObjectsInOwnBuckets");
      // What crates/aws_s3 calls: ListObjectsV2; Get/HeadObject; Put and multipart; DeleteObject; AbortMultipartUpload.
      expect(list(bucketActions)).toEqual(['"s3:ListBucket"']);
      expect(list(bucketResources)).toEqual(arns);
      expect(list(objectActions)).toEqual([
        '"s3:AbortMultipartUpload"',
        '"s3:DeleteObject"',
        '"s3:GetObject"',
        '"s3:PutObject"',
      ]);
      expect(list(objectResources)).toEqual(arns.map((arn) => `"\${${arn}}/*"`));
      expect(document.match(/"Sid"/g)).toHaveLength(2);
      expect(document).not.toMatch(/"\*"|s3:\*/);
      expect(stack.tf.output.storage_iam_policy_arn.value).toBe(
        `\${aws_iam_policy.${Object.keys(stack.tf.resource.aws_iam_policy)[0]}.arn}`,
      );
    });

    it("gives the backend the provisioned user's key as references, never literals, and declares no storage variable", () => {
      const keyId = Object.keys(stack.tf.resource.aws_iam_access_key)[0];
      const env = envOf(stack, "convex-app-backend");
      expect(env.AWS_ACCESS_KEY_ID).toBe(`\${aws_iam_access_key.${keyId}.id}`);
      expect(env.AWS_SECRET_ACCESS_KEY).toBe(`\${aws_iam_access_key.${keyId}.secret}`);
      const [attachment] = resources(stack, "aws_iam_user_policy_attachment");
      expect(attachment.policy_arn).toBe(`\${aws_iam_policy.${Object.keys(stack.tf.resource.aws_iam_policy)[0]}.arn}`);
      expect(stack.tf.variable).toBeUndefined();
    });

    it("starts the backend only after its buckets and their settings exist, and after the volume guard passed", () => {
      const dependsOn = byName(stack, "docker_container")["convex-app-backend"].depends_on as string[];
      expect(dependsOn).toContain(
        `terraform_data.${Object.keys(stack.tf.resource.terraform_data).find((id) => id.startsWith("convex_volume-guard_") && !id.includes("ledger"))}`,
      );
      for (const address of bucketAddresses) expect(dependsOn).toContain(address);
      expect(dependsOn.filter((d) => d.startsWith("aws_s3_bucket_server_side_encryption_configuration."))).toHaveLength(
        5,
      );
      expect(dependsOn.filter((d) => d.startsWith("aws_iam_user_policy_attachment."))).toHaveLength(1);
    });
  });

  it("creates the policy without a user when the backend brings its own credentials", () => {
    const stack = stackFor({ kind: "AwsS3", region: "eu-central-1", bucketPrefix, provisionBuckets: true });
    expect(resources(stack, "aws_iam_policy")).toHaveLength(1);
    expect(stack.tf.resource.aws_iam_user).toBeUndefined();
    expect(stack.tf.resource.aws_iam_access_key).toBeUndefined();
    expect(stack.tf.resource.aws_s3_bucket_versioning).toBeUndefined();
    expect(envOf(stack, "convex-app-backend").AWS_ACCESS_KEY_ID).toBe("${var.storage_access_key_id}");
  });

  it("lifts the buckets' destroy protection together with the volume's", () => {
    const stack = stackFor(
      { kind: "AwsS3", region: "eu-central-1", bucketPrefix, provisionBuckets: true },
      { volume: { protectFromDestroy: false } },
    );
    for (const bucket of resources(stack, "aws_s3_bucket"))
      expect(bucket.lifecycle).toEqual({ prevent_destroy: false });
  });
});

describe("CephViaGateway", () => {
  const storage = { kind: "CephViaGateway", endpoint: "https://rgw.example.internal/", bucketPrefix } as const;

  it("gives the backend the endpoint with path-style on and SSE and checksums off", () => {
    expect(envOf(stackFor(storage), "convex-app-backend")).toEqual({
      ...core,
      AWS_REGION: "us-east-1",
      ...fiveBuckets,
      S3_ENDPOINT_URL: "https://rgw.example.internal",
      AWS_S3_FORCE_PATH_STYLE: "true",
      AWS_S3_DISABLE_SSE: "true",
      AWS_S3_DISABLE_CHECKSUMS: "true",
      AWS_ACCESS_KEY_ID: "${var.storage_access_key_id}",
      AWS_SECRET_ACCESS_KEY: "${var.storage_secret_access_key}",
    });
  });

  it("turns range prefetch off only when rangePrefetch is false (on a revision that reads the switch)", () => {
    expect(
      envOf(
        stackFor({ ...storage, rangePrefetch: false }, { convex: { version: REV_2026_07_18 } }),
        "convex-app-backend",
      ).AWS_S3_DISABLE_RANGE_PREFETCH,
    ).toBe("true");
    expect(envOf(stackFor(storage), "convex-app-backend")).not.toHaveProperty("AWS_S3_DISABLE_RANGE_PREFETCH");
  });

  it("provisions through an aws provider aimed at the gateway, with the storage keys and no AWS lookups", () => {
    const stack = stackFor({ ...storage, provisionBuckets: true });
    expect(stack.tf.provider.aws).toEqual([
      {
        alias: "convex_app_storage",
        region: "us-east-1",
        access_key: "${var.storage_access_key_id}",
        secret_key: "${var.storage_secret_access_key}",
        endpoints: [{ s3: "https://rgw.example.internal" }],
        s3_use_path_style: true,
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: "true",
        skip_region_validation: true,
      },
    ]);
    expect(
      resources(stack, "aws_s3_bucket")
        .map((b) => b.bucket)
        .sort(),
    ).toEqual(Object.values(fiveBuckets).sort());
  });

  it("creates only buckets (and versioning when asked) on a gateway: no IAM, no encryption, no public access block, no lifecycle", () => {
    const plain = stackFor({ ...storage, provisionBuckets: true });
    expect(Object.keys(plain.tf.resource).filter((type) => type.startsWith("aws_"))).toEqual(["aws_s3_bucket"]);
    const versioned = stackFor({ ...storage, provisionBuckets: true, versioning: true });
    expect(
      Object.keys(versioned.tf.resource)
        .filter((type) => type.startsWith("aws_"))
        .sort(),
    ).toEqual(["aws_s3_bucket", "aws_s3_bucket_versioning"]);
    expect(versioned.json).not.toMatch(/kms|lifecycle_configuration|aws_iam_/i);
  });

  it("records the endpoint in the volume's fingerprint", () => {
    const volume = byName(stackFor(storage), "docker_volume")["convex-app-data"];
    expect(volume.labels).toContainEqual({
      label: "convex-stack.storage-location",
      value:
        "https://rgw.example.internal us-east-1 acme-exports,acme-snapshot-imports,acme-modules,acme-files,acme-search",
    });
  });
});

describe("LocalPlusSync", () => {
  const cephTarget = {
    kind: "CephViaGateway",
    endpoint: "https://rgw.example.internal",
    bucket: "backups",
    prefix: "team/app",
  } as const;
  const stack = stackFor({ kind: "LocalPlusSync", target: cephTarget, intervalMinutes: 5 });
  const sidecar = byName(stack, "docker_container")["convex-app-sync"];
  const label = (sidecar.labels as { label: string; value: string }[]).find(
    (l) => l.label === "convex-stack.sync-command",
  )!.value;

  it("runs the backend exactly as LocalStorage does", () => {
    const local = stackFor({ kind: "LocalStorage" });
    expect(envOf(stack, "convex-app-backend")).toEqual(envOf(local, "convex-app-backend"));
    expect(byName(stack, "docker_container")["convex-app-backend"]).toEqual(
      byName(local, "docker_container")["convex-app-backend"],
    );
    expect(byName(stack, "docker_volume")["convex-app-data"].labels).toEqual(
      byName(local, "docker_volume")["convex-app-data"].labels,
    );
  });

  it("adds a sidecar on a pinned rclone image that sees the data volume read-only, and the snapshot scratch volume", () => {
    const image = Object.values(stack.tf.resource.docker_image).find((i) => String(i.name).startsWith("rclone/"))!;
    expect(image).toEqual({ name: "rclone/rclone:1.68.2", keep_locally: true });
    expect(sidecar.volumes).toEqual([
      {
        volume_name: "${docker_volume.convex_data_volume_04D4F324.name}",
        container_path: "/convex/data",
        read_only: true,
      },
      {
        volume_name: "${docker_volume.convex_snapshot-scratch_D2596879.name}",
        container_path: "/convex/snapshot-scratch",
      },
    ]);
    expect(sidecar).toMatchObject({ restart: "unless-stopped", init: true });
    expect(byName(stack, "docker_volume")["convex-app-snapshot-scratch"].lifecycle).toBeUndefined();
  });

  it("adds a snapshot sidecar on a pinned sqlite3 image: data read-only, no network, no variable", () => {
    const snapshot = byName(stack, "docker_container")["convex-app-snapshot"];
    const image = Object.values(stack.tf.resource.docker_image).find((i) => String(i.name).startsWith("keinos/"))!;
    expect(image).toEqual({ name: "keinos/sqlite3:3.46.1", keep_locally: true });
    expect(snapshot.volumes).toEqual(sidecar.volumes);
    expect(snapshot).toMatchObject({ network_mode: "none", user: "root", restart: "unless-stopped", init: true });
    expect(snapshot.env).toBeUndefined();
    const command = (snapshot.labels as { label: string; value: string }[]).find(
      (l) => l.label === "convex-stack.snapshot-command",
    )!.value;
    expect(command).toContain("source=/convex/data/db.sqlite3\n");
    expect(command).toContain(
      'sqlite3 -readonly "$source" ".timeout 60000" "BEGIN" "SELECT count(*) FROM sqlite_schema" ".backup ',
    );
    expect(command).toContain(`echo ${DEFAULTS.version} > `);
    expect(snapshot.entrypoint).toEqual(["sh", "-c", `while true; do (${command}); sleep 300; done`]);
  });

  it("repeats the labelled one-shot copy of the storage folder and the snapshots every intervalMinutes, keeping 24", () => {
    const lines = label.split("\n");
    expect(lines.slice(1, 7)).toEqual([
      "set -e",
      "record=$(mktemp /tmp/convex-stack-last-run-started.XXXXXX) && echo $(date +%s) > $record && mv $record /tmp/convex-stack-last-run-started",
      "ready=$(ls /convex/snapshot-scratch/ready 2>/dev/null | sort)",
      "copy_started=$(date +%s)",
      'if [ -d /convex/data/storage ]; then rclone copy --size-only --verbose /convex/data/storage target:backups/team/app; else echo "no storage folder yet at /convex/data/storage: no files to copy"; fi',
      // Only after a complete copy: when it started, so every file the folder held then is in the bucket.
      "echo $copy_started | rclone rcat target:backups/team/app/convex-stack-snapshots/files-copied",
    ]);
    expect(lines[0]).toMatch(/^trap '.*\/tmp\/convex-stack-last-run' EXIT$/);
    expect(label).toContain(
      "rclone lsf --dirs-only target:backups/team/app/convex-stack-snapshots | sort -r | tail -n +25 |",
    );
    expect(sidecar.entrypoint).toEqual(["sh", "-c", `while true; do (${label}); sleep 300; done`]);
    expect(sidecar.command).toBeUndefined();
  });

  it("copies to the workspace name inside the bucket every 15 minutes by default", () => {
    const defaults = stackFor({
      kind: "LocalPlusSync",
      target: { kind: "AwsS3", region: "eu-west-1", bucket: "backups" },
      keepSnapshots: 2,
    });
    const c = byName(defaults, "docker_container")["convex-app-sync"];
    expect((c.entrypoint as string[])[2]).toMatch(
      /^while true; do \(trap .* target:backups\/app; else .*\| tail -n \+3 \|.*\); sleep 900; done$/s,
    );
  });

  it("gives each volume generation a snapshot scratch volume of its own", () => {
    const scratchOf = (generation: number) =>
      Object.values(
        stackFor({ kind: "LocalPlusSync", target: cephTarget }, { volume: { generation } }).tf.resource.docker_volume,
      )
        .map((volume) => volume.name as string)
        .filter((name) => name.includes("scratch"));
    // Generation 1 keeps the name deployments already have.
    expect(scratchOf(1)).toEqual(["convex-app-snapshot-scratch"]);
    expect(scratchOf(3)).toEqual(["convex-app-snapshot-scratch-g3"]);
  });

  it("refuses a number of snapshots to keep next to postgres or mysql, which it does not snapshot", () => {
    expect(
      problemsOf({
        name: "app",
        storage: { kind: "LocalPlusSync", target: cephTarget, keepSnapshots: 5 },
        database: { kind: "mysql" },
      }),
    ).toEqual([
      {
        rule: "keep-snapshots-needs-sqlite",
        file: "ws.json",
        path: "storage.keepSnapshots",
        level: "error",
        info: 'is 5 but database.kind is "mysql": the sidecar snapshots only the SQLite database in the volume',
        fix: "remove keepSnapshots; back up the mysql server with its own tools (docs/backups.md)",
      },
    ]);
  });

  it("copies only the storage folder next to postgres or mysql, which it does not snapshot", () => {
    const postgres = stackFor({ kind: "LocalPlusSync", target: cephTarget }, { database: { kind: "postgres" } });
    const containers = byName(postgres, "docker_container");
    expect(Object.keys(containers).sort()).toEqual(["convex-app-backend", "convex-app-dashboard", "convex-app-sync"]);
    expect((containers["convex-app-sync"].entrypoint as string[])[2]).toMatch(
      /^while true; do \(trap .*\nset -e\n.*\ncopy_started=.*\nif \[ -d \/convex\/data\/storage \]; then rclone copy --size-only --verbose \/convex\/data\/storage target:backups\/team\/app; else .*; fi\necho \$copy_started \| rclone rcat target:backups\/team\/app\/convex-stack-snapshots\/files-copied\); sleep 900; done$/s,
    );
    // The copy's record is all it writes next to the snapshots: no snapshot is taken, uploaded or pruned.
    expect((containers["convex-app-sync"].entrypoint as string[])[2]).not.toMatch(/lsf|ready|SHA256SUMS/);
    expect(byName(postgres, "docker_volume")["convex-app-snapshot-scratch"]).toBeUndefined();
  });

  it("configures rclone for a Ceph gateway by environment: path-style, no SSE header, the sync keys", () => {
    expect(envOf(stack, "convex-app-sync")).toEqual({
      RCLONE_CONFIG_TARGET_TYPE: "s3",
      RCLONE_CONFIG_TARGET_PROVIDER: "Ceph",
      RCLONE_CONFIG_TARGET_ENDPOINT: "https://rgw.example.internal",
      RCLONE_CONFIG_TARGET_REGION: "us-east-1",
      RCLONE_CONFIG_TARGET_ACCESS_KEY_ID: "${var.sync_access_key_id}",
      RCLONE_CONFIG_TARGET_SECRET_ACCESS_KEY: "${var.sync_secret_access_key}",
      RCLONE_CONFIG_TARGET_NO_CHECK_BUCKET: "true",
      RCLONE_CONFIG_TARGET_FORCE_PATH_STYLE: "true",
    });
  });

  it("configures rclone for AWS with SSE-S3 and an ACL that buckets without ACLs accept", () => {
    const aws = stackFor({ kind: "LocalPlusSync", target: { kind: "AwsS3", region: "eu-west-1", bucket: "backups" } });
    expect(envOf(aws, "convex-app-sync")).toEqual({
      RCLONE_CONFIG_TARGET_TYPE: "s3",
      RCLONE_CONFIG_TARGET_PROVIDER: "AWS",
      RCLONE_CONFIG_TARGET_REGION: "eu-west-1",
      RCLONE_CONFIG_TARGET_ACCESS_KEY_ID: "${var.sync_access_key_id}",
      RCLONE_CONFIG_TARGET_SECRET_ACCESS_KEY: "${var.sync_secret_access_key}",
      RCLONE_CONFIG_TARGET_NO_CHECK_BUCKET: "true",
      RCLONE_CONFIG_TARGET_SERVER_SIDE_ENCRYPTION: "AES256",
      RCLONE_CONFIG_TARGET_ACL: "bucket-owner-full-control",
    });
  });

  it("declares only the sync variables", () => {
    expect(Object.keys(stack.tf.variable!).sort()).toEqual(["sync_access_key_id", "sync_secret_access_key"]);
  });
});

describe("the volume fingerprint", () => {
  it.each<[string, WorkspaceFile["storage"]]>([
    ["LocalStorage", { kind: "LocalStorage" }],
    ["AwsS3", { kind: "AwsS3", region: "eu-central-1", bucketPrefix }],
    ["CephViaGateway", { kind: "CephViaGateway", endpoint: "http://rgw:7480/", region: "zg1", bucketPrefix }],
    ["LocalPlusSync", { kind: "LocalPlusSync", target: { kind: "AwsS3", bucket: "backups" } }],
  ])("labels the %s volume with the fingerprint its workspace expects (ws.fingerprint)", (_kind, storage) => {
    for (const database of [{ kind: "sqlite" }, { kind: "postgres" }] as const) {
      const ws = workspace({ name: "app", storage, database });
      const labels = byName(synth(ws), "docker_volume")["convex-app-data"].labels as { label: string; value: string }[];
      expect(Object.fromEntries(labels.map((l) => [l.label, l.value]))).toEqual(fingerprintLabels(ws.fingerprint));
    }
  });
});

describe("storage settings that only make sense together", () => {
  it.each<[string, unknown, string, string]>([
    [
      "a CephViaGateway sync target without endpoint",
      { kind: "LocalPlusSync", target: { kind: "CephViaGateway", bucket: "backups" } },
      "storage.target.endpoint",
      "is required for a CephViaGateway target",
    ],
    [
      "provisionedIamUser without provisionBuckets",
      { kind: "AwsS3", region: "eu-west-1", bucketPrefix, credentials: "provisionedIamUser" },
      "storage.credentials",
      "set provisionBuckets: true",
    ],
    [
      "a session token without static credentials",
      { kind: "AwsS3", region: "eu-west-1", bucketPrefix, credentials: "sdkDefaultChain", sessionToken: true },
      "storage.sessionToken",
      '"sdkDefaultChain"',
    ],
    [
      "versioning on buckets this stack does not create",
      { kind: "CephViaGateway", endpoint: "http://rgw:7480", bucketPrefix, versioning: true },
      "storage.versioning",
      "provisionBuckets is false",
    ],
    [
      "no buckets at all",
      { kind: "AwsS3", region: "eu-west-1" },
      "storage.buckets",
      "silently falls back to local storage",
    ],
    [
      "a bucket name S3 would refuse",
      {
        kind: "AwsS3",
        region: "eu-west-1",
        buckets: { exports: "Exports", snapshotImports: "ii-x", modules: "mm-x", files: "ff-x", search: "ss-x" },
      },
      "storage.buckets.exports",
      "S3 bucket name",
    ],
    [
      "a sync prefix that climbs out of its folder",
      { kind: "LocalPlusSync", target: { kind: "AwsS3", bucket: "backups", prefix: "../other" } },
      "storage.target.prefix",
      "without a leading",
    ],
    // Before any rule: these values would land in the sidecar's `sh -c` command and in Terraform strings.
    [
      "a sync bucket with shell syntax",
      { kind: "LocalPlusSync", target: { kind: "AwsS3", bucket: "b;reboot" } },
      "storage.target.bucket",
      "no other character is allowed",
    ],
    [
      "a sync region with a command substitution",
      { kind: "LocalPlusSync", target: { kind: "AwsS3", bucket: "backups", region: "$(id)" } },
      "storage.target.region",
      "no other character is allowed",
    ],
    [
      "a bucket prefix with a Terraform interpolation",
      { kind: "CephViaGateway", endpoint: "http://rgw:7480", bucketPrefix: "${var.x}" },
      "storage.bucketPrefix",
      "a Terraform template sequence",
    ],
  ])("refuses %s, naming the field", (_what, storage, path, fragment) => {
    const problems = problemsOf({ name: "app", storage });
    expect(problems.map((p) => p.path)).toContain(path);
    expect(textOf(problems.find((p) => p.path === path)!)).toContain(fragment);
  });
});

describe("the storage constructs as a library", () => {
  const secret = (stack: TerraformStack, name: string) =>
    new TerraformVariable(stack, name, { type: "string", sensitive: true }).stringValue;
  const buckets = { exports: "aa-e", snapshotImports: "aa-i", modules: "aa-m", files: "aa-f", search: "aa-s" };

  it("refuses literal keys, naming the prop", () => {
    expect(
      () => new AwsS3({ region: "eu-west-1", buckets, credentials: { accessKeyId: "AKIA", secretAccessKey: "x" } }),
    ).toThrow(/credentials.accessKeyId must reference a sensitive Terraform variable/);
    const stack = new TerraformStack(Testing.app(), "s");
    expect(
      () =>
        new LocalPlusSync({
          target: {
            kind: "AwsS3",
            bucket: "backups",
            prefix: "p",
            credentials: { accessKeyId: secret(stack, "a"), secretAccessKey: "plain" },
          },
        }),
    ).toThrow(/target.credentials.secretAccessKey must reference a sensitive Terraform variable/);
    const keys = { accessKeyId: secret(stack, "k"), secretAccessKey: secret(stack, "s") };
    expect(
      () =>
        new LocalPlusSync({
          target: { kind: "AwsS3", bucket: "backups", credentials: { ...keys, sessionToken: secret(stack, "t") } },
        }),
    ).toThrow("target.credentials.sessionToken: the sidecar takes static keys only");
  });

  it("refuses fewer than five buckets, naming the missing one", () => {
    const { search: _omitted, ...four } = buckets;
    expect(() => new AwsS3({ region: "eu-west-1", buckets: four as typeof buckets })).toThrow(
      /buckets.search must be an S3 bucket name.*got undefined.*silently falls back/,
    );
  });

  it("refuses a gateway without endpoint or keys, and a provisioned user or versioning without provisioning", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const credentials = { accessKeyId: secret(stack, "a"), secretAccessKey: secret(stack, "b") };
    expect(() => new CephViaGateway({ endpoint: "rgw.local", buckets, credentials })).toThrow(
      /endpoint must be a URL starting with http/,
    );
    expect(() => new CephViaGateway({ endpoint: "http://rgw.local", buckets } as never)).toThrow(
      /credentials are required/,
    );
    expect(() => new AwsS3({ region: "eu-west-1", buckets, credentials: "provisionedIamUser" })).toThrow(
      'credentials is "provisionedIamUser" but provisionBuckets is false',
    );
    expect(() => new CephViaGateway({ endpoint: "http://rgw.local", buckets, credentials, versioning: true })).toThrow(
      "versioning is true but provisionBuckets is false",
    );
    // The shape of an older release, from JavaScript: a switch, not an object.
    expect(() => new AwsS3({ region: "eu-west-1", buckets, provisionBuckets: {} as never })).toThrow(
      "provisionBuckets must be true or false, got {}",
    );
    expect(
      () => new LocalPlusSync({ target: { kind: "CephViaGateway", bucket: "backups", prefix: "p", credentials } }),
    ).toThrow(/target.endpoint is required/);
    expect(
      () =>
        new LocalPlusSync({
          target: { kind: "AwsS3", bucket: "backups", prefix: "p", credentials },
          intervalMinutes: 0.5,
        }),
    ).toThrow(/intervalMinutes must be a whole number/);
  });

  it("lets a library user turn SSE and checksums on for a gateway that has a KMS (workspace files cannot)", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const credentials = { accessKeyId: secret(stack, "a"), secretAccessKey: secret(stack, "b") };
    const ceph = new CephViaGateway({
      endpoint: "https://rgw.example.com",
      buckets,
      credentials,
      serverSideEncryption: true,
      checksums: true,
    });
    const env = ceph.bind(stack, {} as never).backendEnvironment;
    expect(env.AWS_S3_DISABLE_SSE).toBeUndefined();
    expect(env.AWS_S3_DISABLE_CHECKSUMS).toBeUndefined();
    expect(env.AWS_S3_FORCE_PATH_STYLE).toBe("true");
    expect(
      problemsOf({
        name: "app",
        storage: {
          kind: "CephViaGateway",
          endpoint: "https://rgw.example.com",
          bucketPrefix,
          serverSideEncryption: true,
        },
      }).map((p) => p.path),
    ).toEqual(["storage.serverSideEncryption"]);
  });

  it("composes into a ConvexDeployment with the strategy's resources under it", () => {
    const stack = new TerraformStack(Testing.app(), "lib");
    const credentials = { accessKeyId: secret(stack, "key"), secretAccessKey: secret(stack, "secret") };
    new ConvexDeployment(stack, "convex", {
      workspaceName: "lib",
      urls: { backend: "https://a.example.com", site: "https://s.example.com", dashboard: "https://d.example.com" },
      storage: new CephViaGateway({
        endpoint: "https://rgw.example.com",
        buckets,
        credentials,
        provisionBuckets: true,
      }),
    });
    const tf = JSON.parse(Testing.synth(stack)) as SynthesizedJson;
    expect(
      Object.values(tf.resource.aws_s3_bucket)
        .map((b) => b.bucket)
        .sort(),
    ).toEqual(Object.values(buckets).sort());
    const backend = Object.values(tf.resource.docker_container).find((c) => c.name === "convex-lib-backend")!;
    expect(backend.env).toContain("S3_ENDPOINT_URL=https://rgw.example.com");
  });
});

describe("the storage strategies' props, shaped like a workspace file's storage block", () => {
  const urls = { backend: "https://a.example.com", site: "https://s.example.com", dashboard: "https://d.example.com" };
  const secret = (stack: TerraformStack, name: string) =>
    new TerraformVariable(stack, name, { type: "string", sensitive: true }).stringValue;

  function deploy(storage: (stack: TerraformStack) => AwsS3 | CephViaGateway | LocalPlusSync) {
    const stack = new TerraformStack(Testing.app(), "lib");
    new ConvexDeployment(stack, "convex", { workspaceName: "shop", urls, storage: storage(stack) });
    return JSON.parse(Testing.synth(stack)) as SynthesizedStack["tf"];
  }
  const backendEnvOf = (tf: SynthesizedStack["tf"]) =>
    Object.values(tf.resource.docker_container).find((c) => c.name === "convex-shop-backend")!.env as string[];

  it("derive the five buckets from bucketPrefix, as the file does", () => {
    const tf = deploy(
      (stack) =>
        new AwsS3({
          region: "eu-central-1",
          bucketPrefix,
          credentials: { accessKeyId: secret(stack, "a"), secretAccessKey: secret(stack, "b") },
        }),
    );
    const bucketVariables = backendEnvOf(tf).filter((line) => line.startsWith("S3_STORAGE_"));
    expect(bucketVariables.sort()).toEqual(
      Object.entries(fiveBuckets)
        .map(([name, bucket]) => `${name}=${bucket}`)
        .sort(),
    );
    expect(new AwsS3({ region: "eu-central-1", bucketPrefix }).location).toBe(
      "aws eu-central-1 acme-exports,acme-snapshot-imports,acme-modules,acme-files,acme-search",
    );
  });

  it("refuse both buckets and bucketPrefix, and neither, saying how to fix it", () => {
    const buckets = { exports: "a-e", snapshotImports: "a-i", modules: "a-m", files: "a-f", search: "a-s" };
    expect(() => new AwsS3({ region: "eu-central-1", buckets, bucketPrefix })).toThrow(
      "bucketPrefix is set next to buckets: keep one of the two",
    );
    expect(() => new AwsS3({ region: "eu-central-1" })).toThrow(
      "buckets are required: give buckets {exports, snapshotImports, modules, files, search} or one bucketPrefix",
    );
  });

  it("take provisionBuckets, versioning and credentials as the file's switches and words", () => {
    const tf = deploy(
      () =>
        new AwsS3({
          region: "eu-central-1",
          bucketPrefix,
          provisionBuckets: true,
          versioning: true,
          credentials: "provisionedIamUser",
        }),
    );
    expect(Object.keys(tf.resource.aws_s3_bucket_versioning ?? {})).toHaveLength(5);
    expect(Object.keys(tf.resource.aws_iam_user ?? {})).toHaveLength(1);
    expect(backendEnvOf(tf)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^AWS_ACCESS_KEY_ID=\$\{aws_iam_access_key\./)]),
    );
  });

  it("copy LocalPlusSync's files to the workspace name when the target names no folder, as the file does", () => {
    const tf = deploy(
      (stack) =>
        new LocalPlusSync({
          target: {
            kind: "AwsS3",
            bucket: "backups",
            credentials: { accessKeyId: secret(stack, "a"), secretAccessKey: secret(stack, "b") },
          },
        }),
    );
    const sync = Object.values(tf.resource.docker_container).find((c) => c.name === "convex-shop-sync")!;
    expect(sync.entrypoint as string[]).toEqual(
      expect.arrayContaining([
        expect.stringContaining("rclone copy --size-only --verbose /convex/data/storage target:backups/shop"),
      ]),
    );
  });
});
