import type { Precondition } from "cdktf";
import type { Construct } from "constructs";
import { checkString } from "../checks";
import {
  type Buckets,
  DEFAULT_BUCKET_VERSIONING,
  DEFAULT_GATEWAY_REGION,
  GATEWAY_REGION_RULE,
  HTTP_URL_RULE,
  S3_SWITCH_DEFAULTS,
  s3Location,
} from "../domain";
import { loadS3Buckets } from "./load-s3-buckets";
import { assertCredentials, checkBuckets, type S3Credentials, s3BackendEnvironment } from "./s3-environment";
import type { IStorageStrategy, StorageBindContext, StorageBinding } from "./storage-strategy";

export interface CephViaGatewayProps {
  /** S3_ENDPOINT_URL of the gateway, e.g. https://rgw.example.com. */
  readonly endpoint: string;
  /** AWS_REGION: the gateway's zonegroup. @default "us-east-1" */
  readonly region?: string;
  /** The five buckets (S3_STORAGE_*_BUCKET). */
  readonly buckets: Buckets;
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
   * Create the buckets on the gateway through provider-aws aimed at the endpoint (no IAM, no KMS).
   * @default none: the buckets must already exist
   */
  readonly provisionBuckets?: GatewayBucketProvisioning;
}

export interface GatewayBucketProvisioning {
  /** Turn on bucket versioning. @default false */
  readonly versioning?: boolean;
}

/** An S3-compatible gateway (Ceph RGW, MinIO-like stores): path-style addressing, SSE and checksums off. */
export class CephViaGateway implements IStorageStrategy {
  readonly kind = "CephViaGateway";
  readonly mode = "s3";
  readonly location: string;
  private readonly region: string;
  private readonly planChecks: readonly Precondition[];

  constructor(private readonly props: CephViaGatewayProps) {
    this.region = props.region ?? DEFAULT_GATEWAY_REGION;
    this.planChecks = [
      ...checkString("endpoint", props.endpoint, HTTP_URL_RULE),
      ...checkString("region", this.region, GATEWAY_REGION_RULE),
      ...checkBuckets(props.buckets, "buckets"),
    ];
    if (!props.credentials) throw new Error("credentials are required: a gateway has no default credential chain");
    assertCredentials(props.credentials, "credentials");
    this.location = s3Location(props.endpoint, this.region, props.buckets);
  }

  bind(scope: Construct, context: StorageBindContext): StorageBinding {
    let dependsOn: StorageBinding["dependsOn"];
    if (this.props.provisionBuckets) {
      const { S3Buckets } = loadS3Buckets();
      dependsOn = new S3Buckets(scope, "storage", {
        buckets: this.props.buckets,
        store: {
          kind: "CephViaGateway",
          endpoint: this.props.endpoint,
          region: this.region,
          credentials: this.props.credentials,
        },
        namePrefix: context.namePrefix,
        versioning: this.props.provisionBuckets.versioning ?? DEFAULT_BUCKET_VERSIONING,
        protectFromDestroy: context.protectFromDestroy,
      }).dependables;
    }
    return {
      mode: this.mode,
      location: this.location,
      preconditions: this.planChecks,
      backendEnvironment: s3BackendEnvironment({
        region: this.region,
        buckets: this.props.buckets,
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
