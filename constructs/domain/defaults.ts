import { DEFAULT_CONVEX_VERSION } from "./default-pin";
import { KNOB_NUMBER_MAX } from "./knobs";
import { DEFAULT_LOGGING, LOGGING_BOUNDS } from "./logging";
import { RESOURCE_BOUNDS, SIDECAR_RESOURCES } from "./resources";

/*
 * The library's defaults: the one home of every default value that the constructs apply and that a
 * configuration layer built on them (this repository's workspace-file schema) shows. Change a default here
 * and nowhere else.
 */

export { DEFAULT_CONVEX_VERSION } from "./default-pin";

/** Container ports of the upstream images (self-hosted/docker/docker-compose.yml). */
export const CONTAINER_PORTS = { backend: 3210, site: 3211, dashboard: 6791 } as const;

/** Host ports used when none are given: the upstream defaults. */
export const DEFAULT_HOST_PORTS = { ...CONTAINER_PORTS };

/** The TCP ports a host port may be. */
export const PORT_RANGE = { min: 1, max: 65535 } as const;

/** The Docker engine a deployment runs on when none is named: the local one (Docker's own default socket). */
export const DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";

/** Host address the ports are published on: this machine only. */
export const DEFAULT_BIND_ADDRESS = "127.0.0.1";

/**
 * How long `apply` waits for a new backend to answer /version (the docker provider's wait_timeout, which
 * fails the apply when it runs out: kreuzwerker/docker v3.6.2, resource_docker_container_funcs.go:542-579).
 * Before it answers, the backend connects to its database and loads it (crates/local_backend/src/main.rs:
 * 110-143, lib.rs:159-172 at a9a760ca), and with PostgreSQL creates missing tables and indexes
 * (crates/postgres/src/lib.rs:296-326); after an upgrade that can take minutes on a large database. The
 * versioned migrations themselves run in the background once it answers (crates/application/src/lib.rs:
 * 810-818, crates/model/src/migrations.rs:54-70): wait for their "MigrationComplete" log line
 * (self-hosted/advanced/upgrading.md:12-18). Ten minutes, against upstream compose's unbounded wait.
 */
export const DEFAULT_BACKEND_WAIT_TIMEOUT_SECONDS = 600;

/** RUST_LOG of the backend (upstream compose's default). */
export const DEFAULT_RUST_LOG = "info";

/** DISABLE_BEACON and REDACT_LOGS_TO_CLIENT when not given: off, as upstream has them. */
export const DEFAULT_DISABLE_BEACON = false;
export const DEFAULT_REDACT_LOGS_TO_CLIENT = false;

/** Terraform prevent_destroy on what holds data (the volume, provisioned buckets) when not given: on. */
export const DEFAULT_PROTECT_FROM_DESTROY = true;

/** A SQL database connection requires TLS when not said otherwise. */
export const DEFAULT_REQUIRE_SSL = true;

/** Provisioned buckets get versioning only when asked. */
export const DEFAULT_BUCKET_VERSIONING = false;

/** AWS_REGION of an S3-compatible gateway when none is given (RGW's default zonegroup answers to it). */
export const DEFAULT_GATEWAY_REGION = "us-east-1";

/**
 * The backend's S3 switches per store: real AWS keeps upstream's defaults (SSE and checksums on); a gateway
 * such as Ceph RGW needs both off (it rejects the SSE header and never returns per-part CRC32s).
 */
export const S3_SWITCH_DEFAULTS = {
  aws: { serverSideEncryption: true, checksums: true, rangePrefetch: true },
  gateway: { serverSideEncryption: false, checksums: false, rangePrefetch: true },
} as const;

/** Every label this project writes on Docker resources starts with this prefix. */
export const LABEL_PREFIX = "convex-stack.";

/**
 * The LocalPlusSync sidecar's image, pinned: rclone's flags and S3 behaviour change between releases.
 * The sidecar uses only options rclone 1.60 (Debian 12's, used by the integration test) already has.
 */
export const SYNC_IMAGE = { repository: "rclone/rclone", tag: "1.68.2" } as const;

/** LocalPlusSync copies the storage folder this often when no interval is given. */
export const DEFAULT_SYNC_INTERVAL_MINUTES = 15;

/** The sync interval's bounds, in minutes: at least once a day. */
export const SYNC_INTERVAL_BOUNDS = { min: 1, max: 1440 } as const;

/** Where the data volume is mounted in the backend (upstream's DATA_DIR) and in the sidecars. */
export const DATA_MOUNT_PATH = "/convex/data";

/** The first volume generation; later ones only go up. */
export const FIRST_VOLUME_GENERATION = 1;

/**
 * The highest data volume generation. Each generation is one migration (export, new volume, import), and
 * the stack releases every earlier one with its own `removed` block, so the number bounds the work and
 * the output of synthesis; no deployment migrates a hundred times.
 */
export const MAX_VOLUME_GENERATION = 100;

/**
 * The image of LocalPlusSync's snapshot sidecar, pinned: Alpine with the SQLite shell built from SQLite's own
 * source (github.com/KEINOS/Dockerfile_of_SQLite3). rclone's image has no sqlite3, and nothing is installed
 * when a container starts, so the snapshot is made in this image and uploaded by the rclone sidecar.
 * The command uses only what Debian 12's sqlite3 3.40 (the integration test's) also has.
 */
export const SNAPSHOT_IMAGE = { repository: "keinos/sqlite3", tag: "3.46.1" } as const;

/** LocalPlusSync keeps this many database snapshots in the bucket when no number is given (6 hours at the default interval). */
export const DEFAULT_KEEP_SNAPSHOTS = 24;

/** How many snapshots may be kept. */
export const KEEP_SNAPSHOTS_BOUNDS = { min: 1, max: 1000 } as const;

/**
 * The front door's image, pinned: Caddy's official image (github.com/caddyserver/caddy-docker, 2.11/alpine).
 * The door's configuration is Caddy's JSON, whose keys are the same in 2.6.2 (Debian 12's, which the
 * end-to-end test runs in its place) and 2.11.2.
 */
export const PROXY_IMAGE = { repository: "caddy", tag: "2.11.2" } as const;

/** How the front door gets its certificates when not said: from an ACME certificate authority. */
export const DEFAULT_PROXY_TLS = "acme";

/** Let's Encrypt's production ACME directory: the front door's CA when no other is given. */
export const LETS_ENCRYPT_DIRECTORY = "https://acme-v02.api.letsencrypt.org/directory";

/** The front door's host ports when none are given: HTTP (redirects, ACME http-01) and HTTPS. */
export const DEFAULT_PROXY_PORTS = { http: 80, https: 443 } as const;

/** The front door is what the internet reaches: it listens on every address of the host unless told otherwise. */
export const DEFAULT_PROXY_BIND_ADDRESS = "0.0.0.0";

/**
 * Every default the constructs apply, named after the prop it fills: what a stack gets when it leaves the prop
 * out, and what a configuration layer built on the constructs (this repository's workspace-file schema) shows
 * as its own default.
 */
export const DEFAULTS = {
  /** ConvexDeploymentProps.version: the pinned upstream revision of the backend and dashboard images. */
  version: DEFAULT_CONVEX_VERSION,
  /** ConvexDeploymentProps.ports: upstream's own ports (ConvexBackendProps.apiPort, sitePort; ConvexDashboardProps.port). */
  ports: DEFAULT_HOST_PORTS,
  /** ConvexDeploymentProps.bindAddress: the ports are published on this machine only. */
  bindAddress: DEFAULT_BIND_ADDRESS,
  /** ConvexDeploymentProps.dockerHost: the local Docker engine. */
  dockerHost: DEFAULT_DOCKER_HOST,
  /** ConvexBackendProps.waitTimeout, in seconds. */
  waitTimeout: DEFAULT_BACKEND_WAIT_TIMEOUT_SECONDS,
  /** ConvexBackendProps.rustLog. */
  rustLog: DEFAULT_RUST_LOG,
  /** ConvexBackendProps.disableBeacon. */
  disableBeacon: DEFAULT_DISABLE_BEACON,
  /** ConvexBackendProps.redactLogsToClient. */
  redactLogsToClient: DEFAULT_REDACT_LOGS_TO_CLIENT,
  /** ConvexDataVolumeProps.protectFromDestroy (ConvexDeploymentProps.protectDataVolume), also of provisioned buckets. */
  protectFromDestroy: DEFAULT_PROTECT_FROM_DESTROY,
  /** ConvexDataVolumeProps.generation (ConvexDeploymentProps.volumeGeneration). */
  generation: FIRST_VOLUME_GENERATION,
  /** SqlDatabaseProps.requireSsl. */
  requireSsl: DEFAULT_REQUIRE_SSL,
  /** AwsS3Props.versioning and CephViaGatewayProps.versioning. */
  versioning: DEFAULT_BUCKET_VERSIONING,
  /** CephViaGatewayProps.region and SyncTarget.region. */
  gatewayRegion: DEFAULT_GATEWAY_REGION,
  /** serverSideEncryption, checksums and rangePrefetch of AwsS3Props (`aws`) and CephViaGatewayProps (`gateway`). */
  s3Switches: S3_SWITCH_DEFAULTS,
  /** LocalPlusSyncProps.intervalMinutes. */
  intervalMinutes: DEFAULT_SYNC_INTERVAL_MINUTES,
  /** LocalPlusSyncProps.keepSnapshots. */
  keepSnapshots: DEFAULT_KEEP_SNAPSHOTS,
  /** ConvexDeploymentProps.logging (and each container's `logging`): json-file, rotated at 10 MiB, 5 files kept. */
  logging: DEFAULT_LOGGING,
  /** ConvexDeploymentProps.resources.snapshot and .sync: each field not given. The backend and dashboard have no default limits. */
  sidecarResources: SIDECAR_RESOURCES,
  /** ConvexFrontDoorProps.tls: certificates from an ACME CA. */
  frontDoorTls: DEFAULT_PROXY_TLS,
  /** FrontDoorAcme.directory: Let's Encrypt's production directory. */
  acmeDirectory: LETS_ENCRYPT_DIRECTORY,
  /** ConvexFrontDoorProps.ports: the standard HTTP and HTTPS ports, where public CAs validate. */
  frontDoorPorts: DEFAULT_PROXY_PORTS,
  /** ConvexFrontDoorProps.bindAddress: every address of the host. */
  frontDoorBindAddress: DEFAULT_PROXY_BIND_ADDRESS,
} as const;

/** A whole-number prop's bounds, inclusive. */
export interface NumberRange {
  /** The smallest value allowed. */
  readonly min: number;
  /** The largest value allowed. */
  readonly max: number;
}

/**
 * The bounds of the number props, inclusive: the constructs refuse a value outside them, naming the prop. All are
 * whole numbers but `cpus`, which is given in hundredths.
 */
export const LIMITS = {
  /** Host ports (ConvexDeploymentProps.ports). */
  port: PORT_RANGE,
  /** ConvexDataVolumeProps.generation: one `removed` block per earlier generation bounds the work of synthesis. */
  generation: { min: FIRST_VOLUME_GENERATION, max: MAX_VOLUME_GENERATION },
  /** LocalPlusSyncProps.intervalMinutes: at least once a day. */
  intervalMinutes: SYNC_INTERVAL_BOUNDS,
  /** LocalPlusSyncProps.keepSnapshots. */
  keepSnapshots: KEEP_SNAPSHOTS_BOUNDS,
  /** A number in BackendKnobs: at least its KnobSpec's `min`, at most the largest whole number a JSON number holds exactly. */
  knobNumber: { min: 0, max: KNOB_NUMBER_MAX },
  /** ContainerResources.memoryMiB: Docker refuses less than 6 MiB. */
  memoryMiB: RESOURCE_BOUNDS.memoryMiB,
  /** ContainerResources.swapMiB. */
  swapMiB: RESOURCE_BOUNDS.swapMiB,
  /** ContainerResources.cpus, in hundredths: Docker refuses a quota under 1 ms per 100 ms period. */
  cpus: RESOURCE_BOUNDS.cpus,
  /** ContainerLogging.maxSizeMiB. */
  logMaxSizeMiB: LOGGING_BOUNDS.maxSizeMiB,
  /** ContainerLogging.maxFiles. */
  logMaxFiles: LOGGING_BOUNDS.maxFiles,
} as const satisfies Readonly<Record<string, NumberRange>>;
