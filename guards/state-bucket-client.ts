import type { S3Client } from "@aws-sdk/client-s3";
import { type S3StateObject, usesPathStyle } from "./state-location";

/**
 * The AWS SDK, loaded on first use: only workspaces with remote state need it (~50 ms to load), and the
 * app never loads it otherwise.
 */
export function loadS3Sdk(): typeof import("@aws-sdk/client-s3") {
  // Its notice about Node 20 support in 2027 would be read as a warning of validate or synth.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (see above); import() would make every caller async
  return require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
}

/**
 * A client of a state bucket with the credentials Terraform's S3 backend uses, which are never in the
 * workspace file: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) of `env`, else its
 * AWS_PROFILE, else the SDK's default chain (shared config, SSO, container or instance role). Requests are
 * sent once, each bounded by `timeoutMs`.
 */
export function stateBucketClient(
  object: Pick<S3StateObject, "region" | "endpoint">,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): S3Client {
  const { S3Client } = loadS3Sdk();
  const id = env.AWS_ACCESS_KEY_ID;
  const secret = env.AWS_SECRET_ACCESS_KEY;
  const credentials =
    id && secret
      ? {
          credentials: {
            accessKeyId: id,
            secretAccessKey: secret,
            ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
          },
        }
      : {};
  return new S3Client({
    region: object.region,
    ...(object.endpoint ? { endpoint: object.endpoint } : {}),
    forcePathStyle: usesPathStyle(object),
    ...credentials,
    ...(!id && env.AWS_PROFILE ? { profile: env.AWS_PROFILE } : {}),
    // No aws-chunked trailers and no checksums asked for: Ceph RGW 16.2 answers 411 to the former.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: 1,
    requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs },
  });
}

/** How an S3 request failed, in the terms a person acts on; never quotes a credential. */
export interface S3Failure {
  /** The S3 error code (NoSuchBucket, AccessDenied, ...), or the network error code, or "timeout". */
  readonly code: string;
  /** The HTTP status, when the store answered at all. */
  readonly httpStatus?: number;
  readonly reason: string;
}

export function s3Failure(
  error: unknown,
  object: Pick<S3StateObject, "bucket" | "region" | "endpoint">,
  timeoutMs: number,
): S3Failure {
  const e = (error ?? {}) as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const httpStatus = e.$metadata?.httpStatusCode;
  const store = object.endpoint ?? `AWS S3 (${object.region})`;
  if (e.name === "TimeoutError" || e.name === "AbortError" || e.code === "ETIMEDOUT") {
    return { code: "timeout", reason: `${store} gave no answer within ${timeoutMs / 1000} s` };
  }
  if (e.name === "CredentialsProviderError") {
    return {
      code: e.name,
      reason:
        "no AWS credentials were found (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or an instance role); terraform needs the same",
    };
  }
  if (httpStatus === undefined) {
    const code = e.code ?? e.name ?? "error";
    return { code, reason: `no answer from ${store}: ${firstLine(e.message ?? code)}` };
  }
  const code = e.name && e.name !== "Error" && e.name !== "UnknownError" ? e.name : String(httpStatus);
  if (code === "NoSuchBucket")
    return {
      code,
      httpStatus,
      reason: `the bucket ${object.bucket} does not exist on ${store}; create it first (npm run state-bucket, docs/state.md)`,
    };
  if (["InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken"].includes(code)) {
    return {
      code,
      httpStatus,
      reason: `${store} refused the AWS credentials of this environment (${code}); terraform uses the same ones`,
    };
  }
  if (httpStatus === 403)
    return {
      code,
      httpStatus,
      reason: `${store} denied access to bucket ${object.bucket} (${code}, HTTP 403) with the AWS credentials of this environment; terraform uses the same ones`,
    };
  return { code, httpStatus, reason: `${store} answered ${code} (HTTP ${httpStatus})` };
}

function firstLine(text: string): string {
  return text.split("\n")[0];
}
