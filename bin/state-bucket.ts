/**
 * `npm run state-bucket [-- <workspace file or directory>]`: creates the state bucket of every workspace
 * whose `state` block is s3 (each bucket once), with versioning on and, on AWS S3, all public access
 * blocked; a bucket that exists is only brought to that. Then prints the doctor's state checks for it.
 * Credentials: the standard AWS environment or profile, as terraform uses them. Exit 0: every bucket is
 * ready and passes; 1: a bucket could not be made ready or fails a check (each ✘ says why); 2: bad
 * arguments or a workspace file it cannot read.
 */
import type { BucketLocationConstraint, S3Client } from "@aws-sdk/client-s3";
import { loadWorkspacesWithFindings } from "../config/load";
import { WorkspaceConfigError } from "../vocabulary/findings";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import { TIMEOUTS, errorText } from "../probes/check";
import { formatTable } from "../doctor/report";
import { stateBucketChecks } from "../doctor/state";
import { loadS3Sdk, s3Failure, stateBucketClient } from "../guards/state-bucket-client";
import { type S3StateObject, describeS3State, s3StateObject } from "../guards/state-location";

const USAGE = "usage: npm run state-bucket [-- <workspace file or directory>]";

/** The workspaces with remote state, one per bucket (the first by name speaks for the bucket). */
function bucketsOf(workspaces: readonly ResolvedWorkspace[]): { ws: ResolvedWorkspace; object: S3StateObject }[] {
  const byBucket = new Map<string, { ws: ResolvedWorkspace; object: S3StateObject }>();
  for (const ws of workspaces) {
    const state = ws.config.state;
    if (state.backend !== "s3") continue;
    const object = s3StateObject(ws.name, state);
    const key = `${object.endpoint ?? "aws"} ${object.region} ${object.bucket}`;
    if (!byBucket.has(key)) byBucket.set(key, { ws, object });
  }
  return [...byBucket.values()];
}

/**
 * Brings one bucket to: existing, versioned, and on AWS S3 not public. Not on a gateway: with a public
 * access block, Ceph RGW 16.2 answers every PutObject 403 AccessDenied, so Terraform could not write
 * its state (measured; __tests__/integration/state-bucket.test.ts). Returns what it did, or throws.
 */
async function prepare(client: S3Client, object: S3StateObject): Promise<string[]> {
  const sdk = loadS3Sdk();
  const signal = () => ({ abortSignal: AbortSignal.timeout(TIMEOUTS.s3) });
  const done: string[] = [];
  try {
    await client.send(new sdk.ListObjectsV2Command({ Bucket: object.bucket, MaxKeys: 1 }), signal());
    done.push("exists");
  } catch (error) {
    if (s3Failure(error, object, TIMEOUTS.s3).code !== "NoSuchBucket") throw error;
    // AWS refuses an explicit us-east-1 constraint and needs one for every other region; a gateway takes none.
    const location =
      !object.endpoint && object.region !== "us-east-1"
        ? { CreateBucketConfiguration: { LocationConstraint: object.region as BucketLocationConstraint } }
        : {};
    await client.send(new sdk.CreateBucketCommand({ Bucket: object.bucket, ...location }), signal());
    done.push("created");
  }
  await client.send(
    new sdk.PutBucketVersioningCommand({ Bucket: object.bucket, VersioningConfiguration: { Status: "Enabled" } }),
    signal(),
  );
  done.push("versioning on");
  if (!object.endpoint) {
    const block = {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    };
    await client.send(
      new sdk.PutPublicAccessBlockCommand({ Bucket: object.bucket, PublicAccessBlockConfiguration: block }),
      signal(),
    );
    done.push("public access blocked");
  }
  return done;
}

async function main(argv: string[]): Promise<number> {
  if (argv.length > 1 || argv.some((arg) => arg.startsWith("-"))) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let workspaces: ResolvedWorkspace[];
  try {
    // The rules' findings do not stop this: a bucket can be made ready for a file validate still refuses.
    workspaces = loadWorkspacesWithFindings({ path: argv[0] }).workspaces;
  } catch (error) {
    if (!(error instanceof WorkspaceConfigError)) throw error;
    process.stderr.write(`state-bucket: the workspace is not valid:\n${error.message}\n`);
    return 2;
  }
  const buckets = bucketsOf(workspaces);
  if (buckets.length === 0) {
    process.stderr.write(
      'state-bucket: no workspace has "state": { "backend": "s3", ... }; nothing to create (see docs/state.md)\n',
    );
    return 2;
  }
  let ok = true;
  for (const { ws, object } of buckets) {
    const client = stateBucketClient(object, process.env, TIMEOUTS.s3);
    try {
      const done = await prepare(client, object);
      process.stdout.write(`state bucket ${object.bucket} (${describeS3State(object)}): ${done.join(", ")}\n`);
    } catch (error) {
      ok = false;
      process.stdout.write(
        `state bucket ${object.bucket} (${describeS3State(object)}): not ready: ${s3Failure(error, object, TIMEOUTS.s3).reason}\n`,
      );
      continue;
    } finally {
      client.destroy();
    }
    const checks = await stateBucketChecks(object, process.env, ws.file);
    const passed = !checks.some((c) => c.status === "fail");
    ok &&= passed;
    process.stdout.write(formatTable({ workspace: ws.name, file: ws.file, checks, ok: passed }));
  }
  return ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error) => {
    process.stderr.write(`state-bucket: ${errorText(error)}\n`);
    process.exitCode = 2;
  },
);
