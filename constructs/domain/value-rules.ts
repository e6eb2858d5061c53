import { BUCKET_NAME_RULE } from "./buckets";
import { DOCKER_HOST_RULE } from "./identity";
import { WORKSPACE_NAME_RULE } from "./names";
import {
  AWS_REGION_RULE,
  GATEWAY_REGION_RULE,
  HOST_PATH_RULE,
  HTTP_URL_RULE,
  IMAGE_TAG_RULE,
  IP_ADDRESS_RULE,
  RUST_LOG_RULE,
  SYNC_PREFIX_RULE,
  type ValueRule,
} from "./patterns";
import { COMMIT_DATE_RULE, PINNED_REVISION_RULE } from "./upstream-revisions";

/**
 * What each string prop may hold: the constructs refuse a known value that breaks its rule when they are
 * created (naming the prop), and check a token against the same rule at plan. A configuration layer checks its
 * own fields with them (`ruleProblem(VALUE_RULES.httpUrl, value)`), so both refuse the same values in the same words.
 * Every value a rule admits is also inert where the constructs put it: container environments, Terraform strings,
 * the sync sidecar's shell command.
 */
export const VALUE_RULES = {
  /** ConvexDeploymentProps.workspaceName and instanceName: a DNS label that names every Docker object. */
  workspaceName: WORKSPACE_NAME_RULE,
  /** The public URLs (ConvexDeploymentProps.urls), CephViaGatewayProps.endpoint, SyncTarget.endpoint. */
  httpUrl: HTTP_URL_RULE,
  /** AwsS3Props.region: an AWS region such as eu-central-1. */
  awsRegion: AWS_REGION_RULE,
  /** CephViaGatewayProps.region and SyncTarget.region: a gateway's zonegroup. */
  gatewayRegion: GATEWAY_REGION_RULE,
  /** Every bucket name: AWS's naming rules, which RGW applies too. */
  bucketName: BUCKET_NAME_RULE,
  /** SyncTarget.prefix: folders separated by '/'. */
  syncPrefix: SYNC_PREFIX_RULE,
  /** ConvexBackendProps.rustLog: a RUST_LOG filter. */
  rustLog: RUST_LOG_RULE,
  /** ConvexBackendProps.version: a Docker image tag. */
  imageTag: IMAGE_TAG_RULE,
  /** A pinned image tag: a full 40-character upstream revision (the only tags upstream publishes besides `latest`). */
  pinnedRevision: PINNED_REVISION_RULE,
  /** ConvexDeploymentProps.versionDate: a commit date as YYYY-MM-DD. */
  commitDate: COMMIT_DATE_RULE,
  /** SqlDatabaseProps.caFile: an absolute path on the Docker host. */
  hostPath: HOST_PATH_RULE,
  /** ConvexDeploymentProps.bindAddress: an IPv4 or IPv6 address. */
  ipAddress: IP_ADDRESS_RULE,
  /** ConvexDeploymentProps.dockerHost: a Docker engine address that is also safe in a shell command. */
  dockerHost: DOCKER_HOST_RULE,
} as const satisfies Readonly<Record<string, ValueRule>>;
