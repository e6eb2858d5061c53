import { isWildcardAddress } from "./bind-address";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";

/** The host ports of a workspace (rules ports-distinct and no-cross-workspace-collisions). */
export type PortRole = "backend" | "site" | "dashboard";
export const PORT_ROLES: readonly PortRole[] = ["backend", "site", "dashboard"];

/** Docker's answer to a second bind of the same address and port. */
export function portAllocated(ws: ResolvedWorkspace, role: PortRole): string {
  return `"Bind for ${ws.config.network.bindAddress}:${ws.config.network.ports[role]} failed: port is already allocated"`;
}

/** Two binds clash when the ports match and either address is the wildcard or both are the same. */
export function portsClash(a: ResolvedWorkspace, b: ResolvedWorkspace, ra: PortRole, rb: PortRole): boolean {
  const na = a.config.network;
  const nb = b.config.network;
  if (na.ports[ra] !== nb.ports[rb]) return false;
  return na.bindAddress === nb.bindAddress || isWildcardAddress(na.bindAddress) || isWildcardAddress(nb.bindAddress);
}
