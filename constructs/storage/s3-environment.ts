import type { Precondition } from "cdktf";
import { checkString } from "../checks";
import { BUCKET_NAME_FORMAT, BUCKET_PURPOSES, BUCKET_VARIABLES, type Buckets } from "../domain/buckets";
import { InvalidPropsError } from "../domain/errors";
import { type Environment, flag } from "../environment";
import { assertSecretReference } from "../secret";

/** Static S3 credentials, each a sensitive reference (a variable or a resource attribute), never a literal. */
export interface S3Credentials {
  /** AWS_ACCESS_KEY_ID. */
  readonly accessKeyId: string;
  /** AWS_SECRET_ACCESS_KEY. */
  readonly secretAccessKey: string;
  /**
   * AWS_SESSION_TOKEN of temporary credentials.
   * @default none
   */
  readonly sessionToken?: string;
}

/** Everything the backend's S3 mode reads; one place, so every S3 strategy emits the same contract. */
export interface S3EnvironmentProps {
  readonly region: string;
  readonly buckets: Buckets;
  /** S3_ENDPOINT_URL of an S3-compatible store. @default none: AWS itself */
  readonly endpoint?: string;
  readonly forcePathStyle: boolean;
  readonly serverSideEncryption: boolean;
  readonly checksums: boolean;
  readonly rangePrefetch: boolean;
  /** Static credentials for the backend. @default none: the SDK's default chain (instance profile, AWS_PROFILE in the image, ...) */
  readonly credentials?: S3Credentials;
}

/**
 * The backend's S3 variables. AWS_REGION and all five buckets are always emitted: with any one missing the
 * entrypoint silently falls back to local storage. Switches are Rust bools: exactly `true`, or absent.
 */
export function s3BackendEnvironment(props: S3EnvironmentProps): Environment {
  const buckets = Object.fromEntries(
    BUCKET_PURPOSES.map((purpose) => [BUCKET_VARIABLES[purpose], props.buckets[purpose]]),
  );
  return {
    AWS_REGION: props.region,
    ...buckets,
    S3_ENDPOINT_URL: props.endpoint,
    AWS_S3_FORCE_PATH_STYLE: flag(props.forcePathStyle),
    AWS_S3_DISABLE_SSE: flag(!props.serverSideEncryption),
    AWS_S3_DISABLE_CHECKSUMS: flag(!props.checksums),
    AWS_S3_DISABLE_RANGE_PREFETCH: flag(!props.rangePrefetch),
    AWS_ACCESS_KEY_ID: props.credentials?.accessKeyId,
    AWS_SECRET_ACCESS_KEY: props.credentials?.secretAccessKey,
    AWS_SESSION_TOKEN: props.credentials?.sessionToken,
  };
}

/**
 * Refuses anything but five valid bucket names (a missing one would mean silent local storage); returns the
 * plan-time checks of names given as tokens.
 */
export function checkBuckets(buckets: Partial<Buckets> | undefined, prop: string): Precondition[] {
  return BUCKET_PURPOSES.flatMap((purpose) => {
    const name = buckets?.[purpose];
    if (typeof name !== "string") {
      throw new InvalidPropsError(
        `${prop}.${purpose} must be an S3 bucket name, got ${JSON.stringify(name)}: all five buckets (${BUCKET_PURPOSES.join(", ")}) are required, or the backend silently falls back to local storage`,
      );
    }
    return checkString(`${prop}.${purpose}`, name, BUCKET_NAME_FORMAT);
  });
}

export function assertCredentials(credentials: S3Credentials | undefined, prop: string): void {
  if (!credentials) return;
  assertSecretReference(credentials.accessKeyId, `${prop}.accessKeyId`);
  assertSecretReference(credentials.secretAccessKey, `${prop}.secretAccessKey`);
  assertSecretReference(credentials.sessionToken, `${prop}.sessionToken`);
}
