import type { Buckets } from "../domain/buckets";
import type { S3Credentials } from "./s3-environment";

/*
 * S3Buckets' props, apart from the construct: they name no provider-aws type, so the root entry point can
 * export them without making its declarations depend on @cdktf/provider-aws (an optional peer).
 */

/** Real AWS S3: the provider takes the deployer's own AWS credentials (AWS_PROFILE, environment, ...). */
export interface AwsBucketStore {
  /** AWS itself. */
  readonly kind: "AwsS3";
  /** The buckets' AWS region. */
  readonly region: string;
}

/** An S3-compatible gateway (Ceph RGW): the provider is aimed at its endpoint with the given credentials. */
export interface GatewayBucketStore {
  /** An S3-compatible gateway. */
  readonly kind: "CephViaGateway";
  /** The gateway's URL. */
  readonly endpoint: string;
  /** The gateway's zonegroup. */
  readonly region: string;
  /** Sensitive references; the gateway user that will own the buckets. */
  readonly credentials: S3Credentials;
}

/** S3Buckets' props. */
export interface S3BucketsProps {
  /** The five buckets to create. */
  readonly buckets: Buckets;
  /** Where to create them. */
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
