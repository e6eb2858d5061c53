// The construct library: import these into your own cdktf stacks.
export * from "./backend";
export * from "./convex-deployment";
export * from "./dashboard";
export * from "./data-volume";
export * from "./database";
export * from "./environment";
export * from "./network";
export * from "./released-resource";
export * from "./secret-variables";
export * from "./storage/local-storage";
export * from "./storage/storage-strategy";
export * from "./volume-fingerprint-guard";
export * from "./workspace-stack";
export { checkDatabaseUrl } from "../config/database-url";
export { loadWorkspaces, parseWorkspace } from "../config/load";
export type { ResolvedWorkspace } from "../config/resolve";
export { loadDeployableWorkspaces } from "../guards";
