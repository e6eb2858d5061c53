/**
 * Pinned upstream revision of ghcr.io/get-convex/convex-backend and convex-dashboard.
 * a9a760ca (2026-03-24) is a published tag that includes every S3 switch upstream has
 * (AWS_S3_DISABLE_SSE / _CHECKSUMS / _FORCE_PATH_STYLE since 2025-09-03, the per-part
 * checksum fix since 2025-10-15). Change it here and nowhere else.
 */
export const DEFAULT_CONVEX_VERSION = "a9a760ca10399ed42e1b4bb87c78539a235488c7";

/** Container ports of the upstream images (self-hosted/docker/docker-compose.yml). */
export const CONTAINER_PORTS = { backend: 3210, site: 3211, dashboard: 6791 } as const;

/** Host ports used when a workspace names none: the upstream defaults. */
export const DEFAULT_HOST_PORTS = { ...CONTAINER_PORTS };

export const DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";

/** Coder app slugs used when a workspace's `network.coder.apps` names none. */
export const DEFAULT_CODER_APPS = {
  backend: "convex-api",
  site: "convex-site",
  dashboard: "convex-dashboard",
} as const;

export const WORKSPACES_DIR_ENV = "CONVEX_STACK_WORKSPACES";
export const DEFAULT_WORKSPACES_DIR = "config/workspaces";

/** Every label this project writes on Docker resources starts with this prefix. */
export const LABEL_PREFIX = "convex-stack.";

/**
 * The LocalPlusSync sidecar's image, pinned: rclone's flags and S3 behaviour change between releases.
 * The sidecar uses only options rclone 1.60 (Debian 12's, used by the integration test) already has.
 */
export const SYNC_IMAGE = { repository: "rclone/rclone", tag: "1.68.2" } as const;

/** LocalPlusSync copies the storage folder this often when the workspace names no interval. */
export const DEFAULT_SYNC_INTERVAL_MINUTES = 15;

/** The folder of the state objects in a workspace's state bucket: <keyPrefix>/<name>.tfstate. */
export const DEFAULT_STATE_KEY_PREFIX = "convex-stack";
