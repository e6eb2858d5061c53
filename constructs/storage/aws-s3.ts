import type { Precondition } from "cdktf";
import type { Construct } from "constructs";
import { checkString } from "../checks";
import { type BucketChoice, type Buckets, bucketsOf } from "../domain/buckets";
import { DEFAULT_BUCKET_VERSIONING, S3_SWITCH_DEFAULTS } from "../domain/defaults";
import { InvalidPropsError } from "../domain/errors";
import { s3Location } from "../domain/fingerprint";
import { AWS_REGION_FORMAT } from "../domain/patterns";
import { loadS3Buckets } from "./load-s3-buckets";
import { assertCredentials, checkBuckets, type S3Credentials, s3BackendEnvironment } from "./s3-environment";
import { assertProvisioning } from "./provisioning";
import type { DeploymentOutput, IStorageStrategy, StorageBindContext, StorageBinding } from "./storage-strategy";

/** Where the backend's S3 credentials come from when they are not given as keys. */
const CREDENTIAL_SOURCES = ["sdkDefaultChain", "provisionedIamUser"] as const;

/** The props of AwsS3: the fields and defaults of a workspace file's `storage` block of kind AwsS3. */
export interface AwsS3Props extends BucketChoice {
  /** AWS_REGION of the buckets, e.g. eu-central-1. */
  readonly region: string;
  /** false emits AWS_S3_DISABLE_SSE=true. @default true */
  readonly serverSideEncryption?: boolean;
  /** false emits AWS_S3_DISABLE_CHECKSUMS=true. @default true */
  readonly checksums?: boolean;
  /** false emits AWS_S3_DISABLE_RANGE_PREFETCH=true. @default true */
  readonly rangePrefetch?: boolean;
  /**
   * The backend's S3 credentials: static keys as sensitive references; `"sdkDefaultChain"`: none passed, the
   * SDK's default chain finds them (instance profile, ...); `"provisionedIamUser"`: the access key of an IAM user
   * created with the buckets, holding their policy (needs `provisionBuckets`).
   * @default "sdkDefaultChain"
   */
  readonly credentials?: S3Credentials | "sdkDefaultChain" | "provisionedIamUser";
  /**
   * Create the five buckets with provider-aws: public access blocked, SSE-S3 default encryption, and a
   * least-privilege IAM policy (its ARN is the `storage_iam_policy_arn` output). The provider uses the
   * deployer's AWS credentials, not the backend's.
   * @default false: the buckets must already exist
   */
  readonly provisionBuckets?: boolean;
  /** Turn on versioning of the buckets this strategy creates (needs `provisionBuckets`). @default false */
  readonly versioning?: boolean;
}

/**
 * Real AWS S3 with the backend's defaults: SSE on, checksums on, virtual-hosted addressing.
 *
 * @example
 * ```ts
 * const storage = new AwsS3({
 *   region: "eu-central-1",
 *   bucketPrefix: "shop-convex", // shop-convex-exports, shop-convex-files, ...
 *   credentials: {
 *     accessKeyId: new TerraformVariable(this, "storage_access_key_id", { sensitive: true }).stringValue,
 *     secretAccessKey: new TerraformVariable(this, "storage_secret_access_key", { sensitive: true }).stringValue,
 *   },
 * });
 * new ConvexDeployment(this, "convex", { workspaceName: "shop", urls, storage });
 * ```
 */
export class AwsS3 implements IStorageStrategy {
  /** The strategy's name. */
  readonly kind = "AwsS3";
  /** What the backend records in its database on first boot. */
  readonly mode = "s3";
  /** Where the files live, as the data volume records it. */
  readonly location: string;
  private readonly buckets: Buckets;
  private readonly planChecks: readonly Precondition[];

  /** Checks the props now: a known value that is refused throws InvalidPropsError, naming the prop. */
  constructor(private readonly props: AwsS3Props) {
    const regionChecks = checkString("region", props.region, AWS_REGION_FORMAT);
    this.buckets = bucketsOf(props);
    this.planChecks = [...regionChecks, ...checkBuckets(this.buckets, "buckets")];
    assertProvisioning(props);
    const credentials = props.credentials;
    if (typeof credentials === "string") {
      if (!(CREDENTIAL_SOURCES as readonly string[]).includes(credentials))
        throw new InvalidPropsError(
          `credentials must be static keys or one of ${CREDENTIAL_SOURCES.map((source) => `"${source}"`).join(", ")}, got ${JSON.stringify(credentials)}`,
        );
      if (credentials === "provisionedIamUser" && !props.provisionBuckets)
        throw new InvalidPropsError(
          'credentials is "provisionedIamUser" but provisionBuckets is false: the user is created with the buckets; set provisionBuckets: true, or give the keys',
        );
    } else {
      assertCredentials(credentials, "credentials");
    }
    this.location = s3Location({ region: props.region, buckets: this.buckets });
  }

  /** Adds what the strategy needs under `scope` and returns what the backend needs. */
  bind(scope: Construct, context: StorageBindContext): StorageBinding {
    const given = this.props.credentials;
    let credentials = typeof given === "string" ? undefined : given;
    const outputs: Record<string, DeploymentOutput> = {};
    let dependsOn: StorageBinding["dependsOn"];
    if (this.props.provisionBuckets) {
      const { S3Buckets } = loadS3Buckets();
      const provisioned = new S3Buckets(scope, "storage", {
        buckets: this.buckets,
        store: { kind: "AwsS3", region: this.props.region },
        namePrefix: context.namePrefix,
        versioning: this.props.versioning ?? DEFAULT_BUCKET_VERSIONING,
        accessUser: given === "provisionedIamUser",
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
        buckets: this.buckets,
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
