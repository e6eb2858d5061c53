import type { S3Client } from "@aws-sdk/client-s3";
import { MAX_STATE_BYTES, type StateRead, parseStateDocument } from "./state-document";
import { loadS3Sdk, s3Failure } from "./state-bucket-client";
import type { S3StateObject } from "./state-location";

/**
 * Reads one remote state with one GetObject, bounded by `timeoutMs` from start to the last byte and by
 * `maxBytes` (MAX_STATE_BYTES): an object whose length says more is not read at all, and a body that runs
 * past the bound is stopped there, so no object can hold more than the bound in memory. A missing object is
 * "absent" (never deployed); anything else that stops the read is "unreadable" with the reason.
 */
export async function readRemoteState(
  client: S3Client,
  object: S3StateObject,
  timeoutMs: number,
  maxBytes: number = MAX_STATE_BYTES,
): Promise<StateRead> {
  const { GetObjectCommand } = loadS3Sdk();
  const abortSignal = AbortSignal.timeout(timeoutMs);
  try {
    const body = await withTimeout(
      (async () => {
        const answer = await client.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key }), {
          abortSignal,
        });
        const stream = answer.Body as (AsyncIterable<Uint8Array> & { destroy?: () => void }) | undefined;
        if (answer.ContentLength !== undefined && answer.ContentLength > maxBytes) {
          stream?.destroy?.();
          return { tooLarge: answer.ContentLength };
        }
        return stream ? readBounded(stream, maxBytes) : { text: "" };
      })(),
      timeoutMs,
    );
    if ("tooLarge" in body) return { kind: "too-large", bytes: body.tooLarge };
    return parseStateDocument(body.text);
  } catch (error) {
    const failure = s3Failure(error, object, timeoutMs);
    if (failure.code === "NoSuchKey" || (failure.httpStatus === 404 && failure.code === "404"))
      return { kind: "absent" };
    return { kind: "unreadable", reason: failure.reason };
  }
}

/** The body as UTF-8 text, or "too large" (size unknown, more than `maxBytes`) as soon as it passes the bound. */
async function readBounded(
  stream: AsyncIterable<Uint8Array> & { destroy?: () => void },
  maxBytes: number,
): Promise<{ text: string } | { tooLarge: undefined }> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of stream) {
    length += chunk.length;
    if (length > maxBytes) {
      stream.destroy?.();
      return { tooLarge: undefined };
    }
    chunks.push(chunk);
  }
  return { text: Buffer.concat(chunks, length).toString("utf8") };
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
