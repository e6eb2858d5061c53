import type { Buckets } from "../domain";
import type { S3Credentials } from "./s3-environment";

/*
 * S3Buckets' props, apart from the construct: they name no provider-aws type, so the root entry point can
 * export them without making its declarations depend on @cdktf/provider-aws (an optional peer).
 */

/** Real AWS S3: the provider takes the deployer's own AWS credentials (AWS_PROFILE, environment, ...). */
export interface AwsBucketStore {
  readonly kind: "AwsS3";
  readonly region: string;
}

/** An S3-compatible gateway (Ceph RGW): the provider is aimed at its endpoint with the given credentials. */
export interface GatewayBucketStore {
  readonly kind: "CephViaGateway";
  readonly endpoint: string;
  readonly region: string;
  /** Sensitive references; the gateway user that will own the buckets. */
  readonly credentials: S3Credentials;
}

export interface S3BucketsProps {
  readonly buckets: Buckets;
  readonly store: AwsBucketStore | GatewayBucketStore;
  /** Names the provider alias and the IAM objects, e.g. `convex-<workspace>`. */
  readonly namePrefix: string;
  /** Turn on bucket versioning. @default false */
  readonly versioning?: boolean;
  /**
   * AWS only: create an IAM user holding the buckets' policy, and an access key for it (`credentials`).
   * @default false
   */
  readonly accessUser?: boolean;
  /** Terraform prevent_destroy on the buckets. @default true */
  readonly protectFromDestroy?: boolean;
}
