import type { Precondition } from "cdktf";
import type { Construct } from "constructs";
import { checkString } from "../checks";
import { AWS_REGION_RULE, type Buckets, DEFAULT_BUCKET_VERSIONING, S3_SWITCH_DEFAULTS, s3Location } from "../domain";
import { loadS3Buckets } from "./load-s3-buckets";
import { assertCredentials, checkBuckets, type S3Credentials, s3BackendEnvironment } from "./s3-environment";
import type { IStorageStrategy, StorageBindContext, StorageBinding, StorageOutput } from "./storage-strategy";

export interface AwsS3BucketProvisioning {
  /** Turn on bucket versioning. @default false */
  readonly versioning?: boolean;
  /**
   * Create an IAM user holding the buckets' policy and give its access key to the backend (as resource
   * references). Exclusive with `credentials`.
   * @default false (the policy is created; attach its ARN, output storage_iam_policy_arn, yourself)
   */
  readonly iamUser?: boolean;
}

export interface AwsS3Props {
  /** AWS_REGION of the buckets, e.g. eu-central-1. */
  readonly region: string;
  /** The five buckets (S3_STORAGE_*_BUCKET). */
  readonly buckets: Buckets;
  /** false emits AWS_S3_DISABLE_SSE=true. @default true */
  readonly serverSideEncryption?: boolean;
  /** false emits AWS_S3_DISABLE_CHECKSUMS=true. @default true */
  readonly checksums?: boolean;
  /** false emits AWS_S3_DISABLE_RANGE_PREFETCH=true. @default true */
  readonly rangePrefetch?: boolean;
  /**
   * Static credentials for the backend, as sensitive references.
   * @default none: the SDK's default chain (instance profile, ...), or the provisioned user's key with provisionBuckets.iamUser
   */
  readonly credentials?: S3Credentials;
  /**
   * Create the buckets with provider-aws: public access blocked, SSE-S3 default encryption, a least-privilege
   * IAM policy. The provider uses the deployer's AWS credentials, not the backend's.
   * @default none: the buckets must already exist
   */
  readonly provisionBuckets?: AwsS3BucketProvisioning;
}

/** Real AWS S3 with the backend's defaults: SSE on, checksums on, virtual-hosted addressing. */
export class AwsS3 implements IStorageStrategy {
  readonly kind = "AwsS3";
  readonly mode = "s3";
  readonly location: string;
  private readonly planChecks: readonly Precondition[];

  constructor(private readonly props: AwsS3Props) {
    this.planChecks = [
      ...checkString("region", props.region, AWS_REGION_RULE),
      ...checkBuckets(props.buckets, "buckets"),
    ];
    assertCredentials(props.credentials, "credentials");
    if (props.credentials && props.provisionBuckets?.iamUser) {
      throw new Error(
        "credentials and provisionBuckets.iamUser are exclusive: the provisioned user's key is the backend's credentials",
      );
    }
    this.location = s3Location(undefined, props.region, props.buckets);
  }

  bind(scope: Construct, context: StorageBindContext): StorageBinding {
    let credentials = this.props.credentials;
    const outputs: Record<string, StorageOutput> = {};
    let dependsOn: StorageBinding["dependsOn"];
    const provisioning = this.props.provisionBuckets;
    if (provisioning) {
      const { S3Buckets } = loadS3Buckets();
      const provisioned = new S3Buckets(scope, "storage", {
        buckets: this.props.buckets,
        store: { kind: "AwsS3", region: this.props.region },
        namePrefix: context.namePrefix,
        versioning: provisioning.versioning ?? DEFAULT_BUCKET_VERSIONING,
        accessUser: provisioning.iamUser,
        protectFromDestroy: context.protectFromDestroy,
      });
      credentials ??= provisioned.access!.credentials;
      dependsOn = provisioned.dependables;
      outputs.storage_iam_policy_arn = {
        value: provisioned.access!.policy.arn,
        description:
          "IAM policy allowing exactly what the backend does to its five buckets; attach it to the role or user the backend runs as.",
      };
    }
    return {
      mode: this.mode,
      location: this.location,
      preconditions: this.planChecks,
      backendEnvironment: s3BackendEnvironment({
        region: this.props.region,
        buckets: this.props.buckets,
        forcePathStyle: false,
        serverSideEncryption: this.props.serverSideEncryption ?? S3_SWITCH_DEFAULTS.aws.serverSideEncryption,
        checksums: this.props.checksums ?? S3_SWITCH_DEFAULTS.aws.checksums,
        rangePrefetch: this.props.rangePrefetch ?? S3_SWITCH_DEFAULTS.aws.rangePrefetch,
        credentials,
      }),
      outputs,
      dependsOn,
    };
  }
}
