import type { Precondition } from "cdktf";
import type { Construct } from "constructs";
import { checkString } from "../checks";
import { type BucketChoice, type Buckets, bucketsOf } from "../domain/buckets";
import { DEFAULT_BUCKET_VERSIONING, DEFAULT_GATEWAY_REGION, S3_SWITCH_DEFAULTS } from "../domain/defaults";
import { InvalidPropsError } from "../domain/errors";
import { s3Location } from "../domain/fingerprint";
import { GATEWAY_REGION_FORMAT, HTTP_URL_FORMAT } from "../domain/patterns";
import { loadS3Buckets } from "./load-s3-buckets";
import { assertProvisioning } from "./provisioning";
import { assertCredentials, checkBuckets, type S3Credentials, s3BackendEnvironment } from "./s3-environment";
import type { IStorageStrategy, StorageBindContext, StorageBinding } from "./storage-strategy";

/** The props of CephViaGateway: the fields and defaults of a workspace file's `storage` block of kind CephViaGateway. */
export interface CephViaGatewayProps extends BucketChoice {
  /** S3_ENDPOINT_URL of the gateway, e.g. https://rgw.example.com. */
  readonly endpoint: string;
  /** AWS_REGION: the gateway's zonegroup. @default "us-east-1" */
  readonly region?: string;
  /** The gateway user's keys, as sensitive references; also used to create the buckets. */
  readonly credentials: S3Credentials;
  /**
   * true sends the SSE header, which RGW without KMS rejects on every upload ("InvalidArgument").
   * @default false (emits AWS_S3_DISABLE_SSE=true)
   */
  readonly serverSideEncryption?: boolean;
  /**
   * true makes the backend require a CRC32 per part, which RGW never returns ("Object part missing hash").
   * @default false (emits AWS_S3_DISABLE_CHECKSUMS=true)
   */
  readonly checksums?: boolean;
  /** false emits AWS_S3_DISABLE_RANGE_PREFETCH=true, for stores that omit Content-Range. @default true */
  readonly rangePrefetch?: boolean;
  /**
   * Create the buckets on the gateway through provider-aws aimed at the endpoint, with `credentials` (so the
   * gateway user owns them; no IAM, no KMS).
   * @default false: the buckets must already exist
   */
  readonly provisionBuckets?: boolean;
  /** Turn on versioning of the buckets this strategy creates (needs `provisionBuckets`). @default false */
  readonly versioning?: boolean;
}

/**
 * An S3-compatible gateway (Ceph RGW, MinIO-like stores): path-style addressing, SSE and checksums off.
 *
 * @example
 * ```ts
 * const storage = new CephViaGateway({
 *   endpoint: "https://rgw.example.internal",
 *   bucketPrefix: "shop-convex",
 *   credentials: {
 *     accessKeyId: new TerraformVariable(this, "storage_access_key_id", { sensitive: true }).stringValue,
 *     secretAccessKey: new TerraformVariable(this, "storage_secret_access_key", { sensitive: true }).stringValue,
 *   },
 * });
 * new ConvexDeployment(this, "convex", { workspaceName: "shop", urls, storage });
 * ```
 */
export class CephViaGateway implements IStorageStrategy {
  /** The strategy's name. */
  readonly kind = "CephViaGateway";
  /** What the backend records in its database on first boot. */
  readonly mode = "s3";
  /** Where the files live, as the data volume records it. */
  readonly location: string;
  private readonly region: string;
  private readonly buckets: Buckets;
  private readonly planChecks: readonly Precondition[];

  /** Checks the props now: a known value that is refused throws InvalidPropsError, naming the prop. */
  constructor(private readonly props: CephViaGatewayProps) {
    this.region = props.region ?? DEFAULT_GATEWAY_REGION;
    const storeChecks = [
      ...checkString("endpoint", props.endpoint, HTTP_URL_FORMAT),
      ...checkString("region", this.region, GATEWAY_REGION_FORMAT),
    ];
    this.buckets = bucketsOf(props);
    this.planChecks = [...storeChecks, ...checkBuckets(this.buckets, "buckets")];
    if (!props.credentials)
      throw new InvalidPropsError("credentials are required: a gateway has no default credential chain");
    assertCredentials(props.credentials, "credentials");
    assertProvisioning(props);
    this.location = s3Location({ endpoint: props.endpoint, region: this.region, buckets: this.buckets });
  }

  /** Adds what the strategy needs under `scope` and returns what the backend needs. */
  bind(scope: Construct, context: StorageBindContext): StorageBinding {
    let dependsOn: StorageBinding["dependsOn"];
    if (this.props.provisionBuckets) {
      const { S3Buckets } = loadS3Buckets();
      dependsOn = new S3Buckets(scope, "storage", {
        buckets: this.buckets,
        store: {
          kind: "CephViaGateway",
          endpoint: this.props.endpoint,
          region: this.region,
          credentials: this.props.credentials,
        },
        namePrefix: context.namePrefix,
        versioning: this.props.versioning ?? DEFAULT_BUCKET_VERSIONING,
        protectFromDestroy: context.protectFromDestroy,
      }).dependables;
    }
    return {
      mode: this.mode,
      location: this.location,
      preconditions: this.planChecks,
      backendEnvironment: s3BackendEnvironment({
        region: this.region,
        buckets: this.buckets,
        endpoint: this.props.endpoint,
        // Virtual-hosted names (<bucket>.<host>) need wildcard DNS a gateway rarely has.
        forcePathStyle: true,
        serverSideEncryption: this.props.serverSideEncryption ?? S3_SWITCH_DEFAULTS.gateway.serverSideEncryption,
        checksums: this.props.checksums ?? S3_SWITCH_DEFAULTS.gateway.checksums,
        rangePrefetch: this.props.rangePrefetch ?? S3_SWITCH_DEFAULTS.gateway.rangePrefetch,
        credentials: this.props.credentials,
      }),
      dependsOn,
    };
  }
}
