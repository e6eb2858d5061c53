import { Image } from "@cdktf/provider-docker/lib/image";
import type { Construct } from "constructs";

export const BACKEND_IMAGE = "ghcr.io/get-convex/convex-backend";
export const DASHBOARD_IMAGE = "ghcr.io/get-convex/convex-dashboard";

/** A pinned image kept on the host when the stack is destroyed (other workspaces may use it). */
export function pinnedImage(scope: Construct, id: string, repository: string, tag: string): Image {
  return new Image(scope, id, { name: `${repository}:${tag}`, keepLocally: true });
}
