import { BUCKET_NAME_FORMAT } from "./buckets";
import { DOCKER_HOST_FORMAT } from "./identity";
import { WORKSPACE_NAME_FORMAT } from "./names";
import {
  ACME_DIRECTORY_FORMAT,
  ACME_EMAIL_FORMAT,
  AWS_REGION_FORMAT,
  BASIC_AUTH_USERNAME_FORMAT,
  GATEWAY_REGION_FORMAT,
  HOST_PATH_FORMAT,
  HTTP_URL_FORMAT,
  IMAGE_TAG_FORMAT,
  IP_ADDRESS_FORMAT,
  LOOPBACK_ADDRESS_FORMAT,
  RUST_LOG_FORMAT,
  SYNC_PREFIX_FORMAT,
  type ValueFormat,
} from "./patterns";
import { COMMIT_DATE_FORMAT, PINNED_REVISION_FORMAT } from "./upstream-revisions";

/**
 * What each string prop may hold: the constructs refuse a known value that breaks its format when they are
 * created (naming the prop), and check a token against the same format at plan. A configuration layer checks its
 * own fields with them (`formatProblem(FORMATS.httpUrl, value)`), so both refuse the same values in the same words.
 * Every value a format admits is also inert where the constructs put it: container environments, Terraform strings,
 * the sync sidecar's shell command.
 */
export const FORMATS = {
  /** ConvexDeploymentProps.workspaceName and instanceName: a DNS label that names every Docker object. */
  workspaceName: WORKSPACE_NAME_FORMAT,
  /** The public URLs (ConvexDeploymentProps.urls), CephViaGatewayProps.endpoint, SyncTarget.endpoint. */
  httpUrl: HTTP_URL_FORMAT,
  /** AwsS3Props.region: an AWS region such as eu-central-1. */
  awsRegion: AWS_REGION_FORMAT,
  /** CephViaGatewayProps.region and SyncTarget.region: a gateway's zonegroup. */
  gatewayRegion: GATEWAY_REGION_FORMAT,
  /** Every bucket name: AWS's naming rules, which RGW applies too. */
  bucketName: BUCKET_NAME_FORMAT,
  /** SyncTarget.prefix: folders separated by '/'. */
  syncPrefix: SYNC_PREFIX_FORMAT,
  /** ConvexBackendProps.rustLog: a RUST_LOG filter. */
  rustLog: RUST_LOG_FORMAT,
  /** ConvexBackendProps.version: a Docker image tag. */
  imageTag: IMAGE_TAG_FORMAT,
  /** A pinned image tag: a full 40-character upstream revision (the only tags upstream publishes besides `latest`). */
  pinnedRevision: PINNED_REVISION_FORMAT,
  /** ConvexDeploymentProps.versionDate: a commit date as YYYY-MM-DD. */
  commitDate: COMMIT_DATE_FORMAT,
  /** SqlDatabaseProps.caFile: an absolute path on the Docker host. */
  hostPath: HOST_PATH_FORMAT,
  /** ConvexDeploymentProps.bindAddress: an IPv4 or IPv6 address. */
  ipAddress: IP_ADDRESS_FORMAT,
  /** ConvexDeploymentProps.dockerHost: a Docker engine address that is also safe in a shell command. */
  dockerHost: DOCKER_HOST_FORMAT,
  /** ConvexDeploymentProps.bindAddress with a frontDoor: the services' ports stay on this host. */
  loopbackAddress: LOOPBACK_ADDRESS_FORMAT,
  /** ConvexFrontDoorProps.acme.email: no character Caddy or Terraform would read as a placeholder. */
  acmeEmail: ACME_EMAIL_FORMAT,
  /** ConvexFrontDoorProps.acme.directory: an https URL of plain characters. */
  acmeDirectory: ACME_DIRECTORY_FORMAT,
  /** ConvexFrontDoorProps.dashboardAuth.username: no character Caddy would read as a placeholder. */
  basicAuthUsername: BASIC_AUTH_USERNAME_FORMAT,
} as const satisfies Readonly<Record<string, ValueFormat>>;
