/* Defaults of the app (workspace files and the stacks made from them); the library's live in constructs/domain. */

/** Coder app slugs used when a workspace's `network.coder.apps` names none. */
export const DEFAULT_CODER_APPS = {
  backend: "convex-api",
  site: "convex-site",
  dashboard: "convex-dashboard",
} as const;

export const WORKSPACES_DIR_ENV = "CONVEX_STACK_WORKSPACES";
export const DEFAULT_WORKSPACES_DIR = "config/workspaces";

/** The folder of the state objects in a workspace's state bucket: <keyPrefix>/<name>.tfstate. */
export const DEFAULT_STATE_KEY_PREFIX = "convex-stack";
