import { randomBytes } from "node:crypto";
import { posix } from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import { loadS3Sdk, s3Failure, stateBucketClient } from "../guards/state-bucket-client";
import { type S3StateObject, describeS3State, s3StateObject } from "../guards/state-location";
import { type CheckResult, TIMEOUTS, fail, pass, skip } from "../probes/check";

/** The probe objects the conditional-write check writes (and removes) start with this name. */
const LOCK_PROBE_NAME = "convex-stack-doctor-lock-probe";

/**
 * The state bucket of a workspace with remote state: reachable with the AWS credentials Terraform will use,
 * versioned (the state's history), and honouring If-None-Match: * (Terraform's lock file is exclusive only
 * where a second conditional PUT of the same key answers 412).
 */
export async function stateChecks(ws: ResolvedWorkspace, env: NodeJS.ProcessEnv): Promise<CheckResult[]> {
  const state = ws.config.state;
  if (state.backend === "local") {
    return [
      skip(
        "state",
        `local file terraform.${ws.name}.tfstate: locked on this machine only, unknown to every other one (docs/state.md moves it to S3)`,
      ),
    ];
  }
  return stateBucketChecks(s3StateObject(ws.name, state), env, ws.file);
}

/** The three checks of a state bucket; `file` is the workspace file the fixes name. */
export async function stateBucketChecks(
  object: S3StateObject,
  env: NodeJS.ProcessEnv,
  file: string,
): Promise<CheckResult[]> {
  const client = stateBucketClient(object, env, TIMEOUTS.s3);
  try {
    const bucket = await bucketCheck(client, object, env, file);
    if (bucket.status === "fail") {
      const why = "not checked: the bucket could not be reached (see state: bucket)";
      return [bucket, skip("state: versioning", why), skip("state: conditional writes", why)];
    }
    const versioning = await versioningCheck(client, object, file);
    return [bucket, versioning, await conditionalWritesCheck(client, object, versioning.status === "pass")];
  } finally {
    client.destroy();
  }
}

/** Which credentials the client uses, in the words of Terraform's documentation; never their values. */
function credentialSource(env: NodeJS.ProcessEnv): string {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY)
    return `AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY${env.AWS_SESSION_TOKEN ? " / AWS_SESSION_TOKEN" : ""}`;
  if (env.AWS_PROFILE) return `profile ${env.AWS_PROFILE}`;
  return "the default AWS chain (shared config, SSO, container or instance role)";
}

async function bucketCheck(
  client: S3Client,
  object: S3StateObject,
  env: NodeJS.ProcessEnv,
  file: string,
): Promise<CheckResult> {
  const { ListObjectsV2Command } = loadS3Sdk();
  const prefix = `${posix.dirname(object.key)}/`;
  const where = describeS3State(object);
  try {
    // A GET (not HEAD): its error answer names the code (NoSuchBucket, InvalidAccessKeyId, AccessDenied).
    await client.send(new ListObjectsV2Command({ Bucket: object.bucket, Prefix: prefix, MaxKeys: 1 }), {
      abortSignal: AbortSignal.timeout(TIMEOUTS.s3),
    });
    return pass("state: bucket", `${object.bucket} answers with ${credentialSource(env)}; the state is ${where}`);
  } catch (error) {
    const failure = s3Failure(error, object, TIMEOUTS.s3);
    const fix =
      failure.code === "NoSuchBucket"
        ? `create it (versioned): npm run state-bucket -- ${file}`
        : failure.httpStatus === undefined
          ? "check state.endpoint and region, and the network path to the store (terraform init needs the same)"
          : `export the AWS credentials terraform will use (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or AWS_PROFILE), allowed s3:ListBucket on ${object.bucket} and s3:GetObject, s3:PutObject, s3:DeleteObject on ${prefix}*`;
    return fail("state: bucket", `${where}: ${failure.reason}`, fix);
  }
}

async function versioningCheck(client: S3Client, object: S3StateObject, file: string): Promise<CheckResult> {
  const { GetBucketVersioningCommand } = loadS3Sdk();
  try {
    const answer = await client.send(new GetBucketVersioningCommand({ Bucket: object.bucket }), {
      abortSignal: AbortSignal.timeout(TIMEOUTS.s3),
    });
    if (answer.Status === "Enabled")
      return pass("state: versioning", `on: every state Terraform writes keeps its predecessor`);
    return fail(
      "state: versioning",
      `${answer.Status === "Suspended" ? "suspended" : "off"} on ${object.bucket}: an apply that writes a broken or emptied state overwrites the only copy`,
      `turn it on: npm run state-bucket -- ${file} (or aws s3api put-bucket-versioning --bucket ${object.bucket} --versioning-configuration Status=Enabled)`,
    );
  } catch (error) {
    const failure = s3Failure(error, object, TIMEOUTS.s3);
    return fail(
      "state: versioning",
      `could not be read: ${failure.reason}`,
      `allow s3:GetBucketVersioning on ${object.bucket}, or check versioning yourself`,
    );
  }
}

/**
 * Writes one probe key twice with If-None-Match: *, as Terraform writes <key>.tflock, under the state's
 * prefix but never at a real lock's key (a running deploy's lock would answer 412 for the wrong reason).
 */
async function conditionalWritesCheck(
  client: S3Client,
  object: S3StateObject,
  versioned: boolean,
): Promise<CheckResult> {
  const { PutObjectCommand } = loadS3Sdk();
  const key = `${posix.dirname(object.key)}/${LOCK_PROBE_NAME}-${randomBytes(6).toString("hex")}.tflock`;
  const put = async () => {
    try {
      await client.send(new PutObjectCommand({ Bucket: object.bucket, Key: key, Body: "{}", IfNoneMatch: "*" }), {
        abortSignal: AbortSignal.timeout(TIMEOUTS.s3),
      });
      return undefined;
    } catch (error) {
      return s3Failure(error, object, TIMEOUTS.s3);
    }
  };
  try {
    const first = await put();
    if (first)
      return fail(
        "state: conditional writes",
        `the first PUT of a lock file was refused: ${first.reason}`,
        `allow s3:PutObject and s3:DeleteObject on ${posix.dirname(object.key)}/*: terraform writes and removes <key>.tflock there`,
      );
    const second = await put();
    if (second?.httpStatus === 412)
      return pass(
        "state: conditional writes",
        "a second PUT with If-None-Match: * answered 412: Terraform's lock file is exclusive",
      );
    if (second)
      return fail(
        "state: conditional writes",
        `the second PUT answered ${second.reason}, not 412`,
        "use a store that answers 412 to If-None-Match: * (AWS S3 does)",
      );
    return fail(
      "state: conditional writes",
      `a second PUT with If-None-Match: * of an existing key succeeded: the store ignores the condition${versioned ? " in this versioned bucket" : ""}, so two deploys of one workspace can both take the lock and overwrite each other's state`,
      versioned && object.endpoint
        ? "this gateway does not honour the condition in versioned buckets (Ceph RGW 16.2 does not): use an unversioned bucket there for exclusive locks and keep copies of the state another way, or run one deploy per workspace at a time (docs/state.md)"
        : "use a store that answers 412 to If-None-Match: * (AWS S3 does), or run one deploy per workspace at a time (docs/state.md)",
    );
  } finally {
    await removeAllVersions(client, object.bucket, key);
  }
}

/** Removes a probe key with every version and delete marker it left (versioned or not). */
async function removeAllVersions(client: S3Client, bucket: string, key: string): Promise<void> {
  const { DeleteObjectCommand, ListObjectVersionsCommand } = loadS3Sdk();
  const signal = () => ({ abortSignal: AbortSignal.timeout(TIMEOUTS.s3) });
  try {
    const listed = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }), signal());
    const versions = [...(listed.Versions ?? []), ...(listed.DeleteMarkers ?? [])].filter((v) => v.Key === key);
    if (versions.length === 0) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }), signal());
    for (const version of versions)
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: version.VersionId }), signal());
  } catch {
    // Without ListBucketVersions the plain delete is all there is; a leftover probe is harmless.
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }), signal()).catch(() => undefined);
  }
}
