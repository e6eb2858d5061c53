import { Image } from "@cdktf/provider-docker/lib/image";
import type { Construct } from "constructs";

export { BACKEND_IMAGE, DASHBOARD_IMAGE } from "./domain/images";

/** A pinned image kept on the host when the stack is destroyed (other workspaces may use it). */
export function pinnedImage(scope: Construct, id: string, repository: string, tag: string): Image {
  return new Image(scope, id, { name: `${repository}:${tag}`, keepLocally: true });
}
