import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import type { S3StateConfig } from "../vocabulary/workspace-schema";
import { localStatePath } from "./state-file";

/** Where a workspace's remote state lives: the object Terraform's S3 backend reads and writes. */
export interface S3StateObject {
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
  /** An S3-compatible gateway; absent: AWS S3. */
  readonly endpoint?: string;
}

export type StateLocation =
  { readonly kind: "local"; readonly path: string } | { readonly kind: "s3"; readonly object: S3StateObject };

/** The state object's key in the bucket: one object per workspace, so workspaces never share a lock. */
function stateObjectKey(keyPrefix: string, workspaceName: string): string {
  return `${keyPrefix}/${workspaceName}.tfstate`;
}

export function s3StateObject(workspaceName: string, state: S3StateConfig): S3StateObject {
  return {
    bucket: state.bucket,
    key: stateObjectKey(state.keyPrefix, workspaceName),
    region: state.region,
    ...(state.endpoint ? { endpoint: state.endpoint } : {}),
  };
}

/**
 * A gateway is addressed path-style (host/bucket/key): its host names are rarely set up for virtual-host
 * buckets. One decision for the stack's backend block and for every client that reads the same object.
 */
export function usesPathStyle(object: Pick<S3StateObject, "endpoint">): boolean {
  return object.endpoint !== undefined;
}

/** Where the stack of `ws` keeps its state; a local file is looked for next to `outdir`. */
export function stateLocation(ws: ResolvedWorkspace, outdir: string): StateLocation {
  const state = ws.config.state;
  return state.backend === "s3"
    ? { kind: "s3", object: s3StateObject(ws.name, state) }
    : { kind: "local", path: localStatePath(ws.name, outdir) };
}

/** How messages name a remote state: its S3 URL, and the gateway when there is one. */
export function describeS3State(object: S3StateObject): string {
  return `s3://${object.bucket}/${object.key}${object.endpoint ? ` at ${object.endpoint}` : ""}`;
}
