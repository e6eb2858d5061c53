import { randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";
import {
  AbortMultipartUploadCommand,
  type BucketLocationConstraint,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { TIMEOUTS, errorText } from "./check";

/** Where and how to talk to an S3 store: the same settings the deployed client uses. */
export interface S3Endpoint {
  /** @default AWS's own endpoint for the region */
  readonly endpoint?: string;
  readonly region: string;
  /** Path-style addressing (`host/bucket/key`) instead of virtual-host (`bucket.host/key`). */
  readonly pathStyle: boolean;
  /** @default the SDK's default credential chain */
  readonly credentials?: AwsCredentialIdentity;
}

/** The request shapes the Convex backend sends when it writes a file (always multipart, whatever the size). */
export interface UploadShape {
  /** x-amz-server-side-encryption: AES256 on CreateMultipartUpload (backend default). */
  readonly sse: boolean;
  /** x-amz-checksum-algorithm CRC32 on create, a CRC32 per part and on complete (backend default). */
  readonly checksums: boolean;
}

/** How one S3 request went. A request that got no S3 answer at all has no httpStatus. */
export interface Outcome {
  readonly ok: boolean;
  /** S3 error code (InvalidRequest, NoSuchBucket, ...) or the network error code (ECONNREFUSED, ENOTFOUND). */
  readonly code?: string;
  readonly httpStatus?: number;
  readonly message?: string;
}

export interface UploadObservation {
  readonly shape: UploadShape;
  readonly create: Outcome;
  /** UploadPart, and whether its response carried x-amz-checksum-crc32 (the backend requires it when checksums are on). */
  readonly part?: Outcome & { readonly partCrc32: boolean };
  readonly complete?: Outcome;
}

export type Addressing = "pathStyle" | "virtualHost";

interface AddressingObservation extends Outcome {
  /** How the SDK really sent it: it silently falls back to path-style for an IP-address endpoint. */
  readonly sentAs?: Addressing;
}

export interface S3Observations {
  /** HeadBucket per bucket, in the addressing style the workspace uses. */
  readonly buckets: Readonly<Record<string, Outcome>>;
  /**
   * When a bucket was "not found": the bucket name the store's error said it looked for, if that is another
   * one. A gateway that does not know the endpoint's host name reads it as a virtual-host bucket name.
   */
  readonly misreadBucket?: string;
  /** No S3 answer at all (connection refused, DNS, timeout): nothing else was tried. */
  readonly unreachable?: Outcome;
  /** The bucket the uploads went to; `temporary` when the doctor created (and removed) it. */
  readonly probeBucket?: { readonly name: string; readonly temporary: boolean; readonly created?: Outcome };
  readonly uploads: readonly UploadObservation[];
  /** GET with Range: bytes=0-9 of an uploaded object. */
  readonly rangedGet?: Outcome & { readonly contentRange?: string };
  readonly addressing: Partial<Record<Addressing, AddressingObservation>>;
  /** Objects, uploads or buckets the clean-up could not remove (with the reason). */
  readonly leftovers: readonly string[];
}

export interface ProbeOptions {
  readonly buckets: readonly string[];
  /** Bucket the uploads go to; it must be one of `buckets`. */
  readonly uploadBucket: string;
  readonly shapes: readonly UploadShape[];
  /** When uploadBucket does not exist: create a temporary bucket for the uploads (the deploy would create it too). */
  readonly temporaryBucketIfMissing?: boolean;
}

/** What a probe has created so far and must remove. */
interface Created {
  /** The bucket the objects and uploads are in. */
  bucket?: string;
  keys: string[];
  uploads: { key: string; uploadId: string }[];
  temporaryBucket?: string;
}

/** Everything the doctor writes lives under this prefix (or in a bucket named after it). */
export const DOCTOR_PREFIX = "convex-stack-doctor";

/**
 * Replays the backend's requests against a real store and records what it answered. Every request is
 * sent once (no retries) with a bounded timeout; everything created is removed again.
 */
export async function probeS3(target: S3Endpoint, options: ProbeOptions): Promise<S3Observations> {
  const run = randomBytes(6).toString("hex");
  const client = s3Client(target, target.pathStyle);
  const created: Created = { keys: [], uploads: [] };
  const leftovers: string[] = [];
  try {
    const buckets: Record<string, Outcome> = {};
    for (const bucket of options.buckets) {
      buckets[bucket] = await attempt((o) => client.send(new HeadBucketCommand({ Bucket: bucket }), o));
      if (buckets[bucket].httpStatus === undefined && !buckets[bucket].ok) {
        return { buckets, unreachable: buckets[bucket], uploads: [], addressing: {}, leftovers };
      }
    }
    const missing = options.buckets.find((bucket) => buckets[bucket].httpStatus === 404);
    const misreadBucket = missing ? await bucketNameInError(client, missing) : undefined;
    let probeBucket: S3Observations["probeBucket"];
    if (buckets[options.uploadBucket]?.ok) probeBucket = { name: options.uploadBucket, temporary: false };
    else if (options.temporaryBucketIfMissing) {
      const name = `${DOCTOR_PREFIX}-${run}`;
      // AWS refuses an explicit us-east-1 constraint; every other AWS region needs one.
      const location =
        target.endpoint === undefined && target.region !== "us-east-1"
          ? { CreateBucketConfiguration: { LocationConstraint: target.region as BucketLocationConstraint } }
          : {};
      const outcome = await attempt((o) => client.send(new CreateBucketCommand({ Bucket: name, ...location }), o));
      if (outcome.ok) created.temporaryBucket = name;
      probeBucket = { name, temporary: true, created: outcome };
    }
    const uploads: UploadObservation[] = [];
    let rangedGet: S3Observations["rangedGet"];
    const addressing: S3Observations["addressing"] = {};
    if (probeBucket && (!probeBucket.temporary || probeBucket.created?.ok)) {
      created.bucket = probeBucket.name;
      for (const shape of options.shapes) {
        uploads.push(
          await upload(client, probeBucket.name, `${DOCTOR_PREFIX}/${run}/${shapeName(shape)}`, shape, created),
        );
      }
      const readable = created.keys[created.keys.length - 1];
      if (readable) rangedGet = await ranged(client, probeBucket.name, readable);
    }
    const addressedBucket = probeBucket?.name ?? options.uploadBucket;
    for (const style of ["pathStyle", "virtualHost"] as const)
      addressing[style] = await addressed(target, style, addressedBucket);
    return { buckets, misreadBucket, probeBucket, uploads, rangedGet, addressing, leftovers };
  } finally {
    await cleanUp(client, created, leftovers);
    client.destroy();
  }
}

/** A HEAD answer has no body; a GET's NoSuchBucket error names the bucket the store looked for. */
async function bucketNameInError(client: S3Client, bucket: string): Promise<string | undefined> {
  try {
    await client.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 0 }), {
      abortSignal: AbortSignal.timeout(TIMEOUTS.s3),
    });
    return undefined;
  } catch (error) {
    const named = (error as { BucketName?: unknown }).BucketName;
    return typeof named === "string" && named !== bucket ? named : undefined;
  }
}

function shapeName(shape: UploadShape): string {
  return [shape.sse ? "sse" : "no-sse", shape.checksums ? "crc32" : "no-checksums"].join("-");
}

function s3Client(target: S3Endpoint, pathStyle: boolean): S3Client {
  return new S3Client({
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    forcePathStyle: pathStyle,
    ...(target.credentials ? { credentials: target.credentials } : {}),
    // Checksums only where we ask for them, and no aws-chunked trailers (Ceph RGW answers 411 to those).
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: 1,
    requestHandler: { connectionTimeout: TIMEOUTS.s3, requestTimeout: TIMEOUTS.s3 },
  });
}

/** Sends one request (once, bounded by a timeout) and records the answer instead of throwing. */
async function attempt<T>(
  send: (options: { abortSignal: AbortSignal }) => Promise<T>,
): Promise<Outcome & { output?: T }> {
  try {
    const output = await send({ abortSignal: AbortSignal.timeout(TIMEOUTS.s3) });
    return { ok: true, output };
  } catch (error) {
    return failure(error);
  }
}

function failure(error: unknown): Outcome {
  const e = error as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const httpStatus = e.$metadata?.httpStatusCode;
  // The SDK names S3 errors after their code; a request that never got an answer carries a Node error code.
  const code = httpStatus !== undefined ? e.name : (e.code ?? e.name);
  return { ok: false, code, httpStatus, message: errorText(error) };
}

function crc32Base64(body: Buffer): string {
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc32(body));
  return sum.toString("base64");
}

async function upload(
  client: S3Client,
  bucket: string,
  key: string,
  shape: UploadShape,
  created: Created,
): Promise<UploadObservation> {
  // A Buffer body: a stream would make the SDK send aws-chunked, which is not what the backend sends.
  const body = Buffer.from(`convex-stack doctor probe ${key}\n`.repeat(32));
  const checksum = crc32Base64(body);
  const create = await attempt((o) =>
    client.send(
      new CreateMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        ...(shape.sse ? { ServerSideEncryption: "AES256" } : {}),
        ...(shape.checksums ? { ChecksumAlgorithm: "CRC32" } : {}),
      }),
      o,
    ),
  );
  const uploadId = create.output?.UploadId;
  if (!create.ok || !uploadId) return { shape, create: strip(create) };
  created.uploads.push({ key, uploadId });
  const part = await attempt((o) =>
    client.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        PartNumber: 1,
        Body: body,
        ...(shape.checksums ? { ChecksumAlgorithm: "CRC32", ChecksumCRC32: checksum } : {}),
      }),
      o,
    ),
  );
  const partObservation = { ...strip(part), partCrc32: Boolean(part.output?.ChecksumCRC32) };
  if (!part.ok) return { shape, create: strip(create), part: partObservation };
  const partChecksum = shape.checksums ? { ChecksumCRC32: part.output?.ChecksumCRC32 ?? checksum } : {};
  const complete = await attempt((o) =>
    client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.output?.ETag, ...partChecksum }] },
      }),
      o,
    ),
  );
  if (complete.ok) {
    created.uploads = created.uploads.filter((u) => u.uploadId !== uploadId);
    created.keys.push(key);
  }
  return { shape, create: strip(create), part: partObservation, complete: strip(complete) };
}

async function ranged(client: S3Client, bucket: string, key: string): Promise<S3Observations["rangedGet"]> {
  const get = await attempt((o) =>
    client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: "bytes=0-9" }), o),
  );
  // Drain the body so the connection is released.
  await get.output?.Body?.transformToByteArray().catch(() => undefined);
  return { ...strip(get), contentRange: get.output?.ContentRange };
}

/** HeadBucket through a client set to one addressing style, recording how the request really went out. */
async function addressed(target: S3Endpoint, style: Addressing, bucket: string): Promise<AddressingObservation> {
  const client = s3Client(target, style === "pathStyle");
  let sentAs: Addressing | undefined;
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { hostname?: string };
      sentAs = request.hostname?.startsWith(`${bucket}.`) ? "virtualHost" : "pathStyle";
      return next(args);
    },
    { step: "finalizeRequest", name: "doctorAddressingSpy" },
  );
  try {
    return { ...(await attempt((o) => client.send(new HeadBucketCommand({ Bucket: bucket }), o))), sentAs };
  } finally {
    client.destroy();
  }
}

function strip(outcome: Outcome & { output?: unknown }): Outcome {
  const { output: _output, ...rest } = outcome;
  return rest;
}

/** Removes, in order, what a probe created: unfinished uploads, objects, then a temporary bucket. */
async function cleanUp(client: S3Client, created: Created, leftovers: string[]): Promise<void> {
  const bucket = created.bucket;
  if (!bucket) return;
  for (const { key, uploadId } of created.uploads) {
    const abort = new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId });
    const outcome = await attempt((o) => client.send(abort, o));
    if (!outcome.ok) leftovers.push(`unfinished upload of s3://${bucket}/${key} (${outcome.code})`);
  }
  for (const key of created.keys) {
    const outcome = await attempt((o) => client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }), o));
    if (!outcome.ok) leftovers.push(`s3://${bucket}/${key} (${outcome.code})`);
  }
  if (created.temporaryBucket) {
    const outcome = await attempt((o) => client.send(new DeleteBucketCommand({ Bucket: created.temporaryBucket }), o));
    if (!outcome.ok) leftovers.push(`bucket ${created.temporaryBucket} (${outcome.code})`);
  }
}
