import type { S3Client } from "@aws-sdk/client-s3";
import { type StateRead, parseStateDocument } from "./state-document";
import { loadS3Sdk, s3Failure } from "./state-bucket-client";
import type { S3StateObject } from "./state-location";

/**
 * Reads one remote state with one GetObject, bounded by `timeoutMs` from start to the last byte. A missing
 * object is "absent" (never deployed); anything else that stops the read is "unreadable" with the reason.
 */
export async function readRemoteState(client: S3Client, object: S3StateObject, timeoutMs: number): Promise<StateRead> {
  const { GetObjectCommand } = loadS3Sdk();
  const abortSignal = AbortSignal.timeout(timeoutMs);
  try {
    const text = await withTimeout(
      (async () => {
        const answer = await client.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key }), {
          abortSignal,
        });
        return (await answer.Body?.transformToString("utf8")) ?? "";
      })(),
      timeoutMs,
    );
    return parseStateDocument(text);
  } catch (error) {
    const failure = s3Failure(error, object, timeoutMs);
    if (failure.code === "NoSuchKey" || (failure.httpStatus === 404 && failure.code === "404"))
      return { kind: "absent" };
    return { kind: "unreadable", reason: failure.reason };
  }
}

/** The SDK's abort signal does not cover resolving credentials (an instance-role lookup can hang): this does. */
function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error("timeout"), { name: "TimeoutError" })), timeoutMs);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
