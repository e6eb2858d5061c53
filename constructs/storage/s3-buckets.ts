import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import type { TerraformResource } from "cdktf";
import { Construct } from "constructs";
import { addPreconditions, checkString } from "../checks";
import { BUCKET_PURPOSES, type BucketPurpose } from "../domain/buckets";
import { DEFAULT_BUCKET_VERSIONING, DEFAULT_PROTECT_FROM_DESTROY } from "../domain/defaults";
import { InvalidPropsError } from "../domain/errors";
import { AWS_REGION_FORMAT, GATEWAY_REGION_FORMAT, HTTP_URL_FORMAT } from "../domain/patterns";
import { S3BucketAccess } from "./s3-bucket-access";
import type { GatewayBucketStore, S3BucketsProps } from "./s3-bucket-stores";
import { assertCredentials, checkBuckets } from "./s3-environment";

/**
 * The five buckets of a Convex backend, created with provider-aws.
 * On AWS: public access blocked, SSE-S3 default encryption, and a least-privilege IAM policy (S3BucketAccess).
 * On a gateway only the buckets (and versioning if asked): RGW has no IAM or KMS here, and it never answers a
 * lifecycle configuration request in time (provider-aws waits 3 minutes and fails), so none is emitted.
 * AwsS3 and CephViaGateway make one with `provisionBuckets: true`.
 *
 * @example
 * ```ts
 * import { S3Buckets } from "convex-stack/aws";
 *
 * const buckets = new S3Buckets(this, "buckets", {
 *   buckets: bucketsFromPrefix("shop-convex"),
 *   store: { kind: "AwsS3", region: "eu-central-1" },
 *   namePrefix: "convex-shop",
 * });
 * ```
 */
export class S3Buckets extends Construct {
  /** The aws provider the buckets are created with (an alias of its own, so a stack's default one is untouched). */
  readonly provider: AwsProvider;
  /** The buckets, by purpose. */
  readonly buckets: Readonly<Record<BucketPurpose, S3Bucket>>;
  /** AWS only. */
  readonly access?: S3BucketAccess;
  /** Every bucket and bucket setting: what a backend using the buckets should start after. */
  readonly dependables: TerraformResource[] = [];

  constructor(scope: Construct, id: string, props: S3BucketsProps) {
    super(scope, id);
    const aws = props.store.kind === "AwsS3";
    // Every bucket is created in the store, so each checks the store's props given as tokens.
    const planChecks = [
      ...checkBuckets(props.buckets, "buckets"),
      ...checkString("store.region", props.store.region, aws ? AWS_REGION_FORMAT : GATEWAY_REGION_FORMAT),
      ...(aws ? [] : checkString("store.endpoint", props.store.endpoint, HTTP_URL_FORMAT)),
    ];
    if (props.accessUser && !aws)
      throw new InvalidPropsError(
        "accessUser is AWS only: a gateway has no IAM; give the gateway user's keys as store.credentials",
      );
    // An alias keeps these resources off any default aws provider the surrounding stack may configure.
    const alias = `${props.namePrefix.replace(/[^A-Za-z0-9_]/g, "_")}_storage`;
    this.provider = aws
      ? new AwsProvider(this, "provider", { alias, region: props.store.region })
      : gatewayProvider(this, alias, props.store);

    const add = <T extends TerraformResource>(resource: T): T => {
      this.dependables.push(resource);
      return resource;
    };
    const provider = this.provider;
    const buckets = {} as Record<BucketPurpose, S3Bucket>;
    for (const purpose of BUCKET_PURPOSES) {
      const bucket = add(
        new S3Bucket(this, purpose, {
          provider,
          bucket: props.buckets[purpose],
          lifecycle: { preventDestroy: props.protectFromDestroy ?? DEFAULT_PROTECT_FROM_DESTROY },
        }),
      );
      addPreconditions(bucket, planChecks);
      buckets[purpose] = bucket;
      if (props.versioning ?? DEFAULT_BUCKET_VERSIONING) {
        add(
          new S3BucketVersioningA(this, `${purpose}-versioning`, {
            provider,
            bucket: bucket.id,
            versioningConfiguration: { status: "Enabled" },
          }),
        );
      }
      if (!aws) continue;
      add(
        new S3BucketPublicAccessBlock(this, `${purpose}-public-access`, {
          provider,
          bucket: bucket.id,
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        }),
      );
      add(
        new S3BucketServerSideEncryptionConfigurationA(this, `${purpose}-encryption`, {
          provider,
          bucket: bucket.id,
          rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        }),
      );
    }
    this.buckets = buckets;
    if (aws) {
      this.access = new S3BucketAccess(this, "access", {
        provider,
        name: `${props.namePrefix}-storage`,
        bucketArns: BUCKET_PURPOSES.map((purpose) => buckets[purpose].arn),
        user: props.accessUser,
      });
      // A key is of no use to the backend before its policy is attached.
      if (this.access.userPolicy) add(this.access.userPolicy);
    }
  }
}

function gatewayProvider(scope: Construct, alias: string, store: GatewayBucketStore): AwsProvider {
  assertCredentials(store.credentials, "store.credentials");
  return new AwsProvider(scope, "provider", {
    alias,
    region: store.region,
    accessKey: store.credentials.accessKeyId,
    secretKey: store.credentials.secretAccessKey,
    token: store.credentials.sessionToken,
    endpoints: [{ s3: store.endpoint }],
    s3UsePathStyle: true,
    // No STS, no EC2 metadata, no AWS region list behind a gateway.
    skipCredentialsValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: "true",
    skipRegionValidation: true,
  });
}
