import { isWildcardAddress } from "./bind-address";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";

/** One host port a workspace publishes (rules ports-distinct and no-cross-workspace-collisions). */
export interface HostPort {
  /** What it serves: `backend`, `site`, `dashboard`, `proxy http` or `proxy https`. */
  readonly name: string;
  /** Where the file sets it, e.g. `network.ports.backend` or `proxy.ports.https`. */
  readonly path: string;
  /** The host address it is published on, and where the file sets that. */
  readonly address: string;
  readonly addressPath: string;
  readonly port: number;
}

const SERVICE_ROLES = ["backend", "site", "dashboard"] as const;

/** Every host port of a workspace: its three services', and its front door's when it has one. */
export function hostPortsOf(ws: ResolvedWorkspace): HostPort[] {
  const { bindAddress, ports } = ws.config.network;
  const services = SERVICE_ROLES.map((role) => ({
    name: role,
    path: `network.ports.${role}`,
    address: bindAddress,
    addressPath: "network.bindAddress",
    port: ports[role],
  }));
  const proxy = ws.config.proxy;
  if (!proxy) return services;
  return [
    ...services,
    ...(["http", "https"] as const).map((which) => ({
      name: `proxy ${which}`,
      path: `proxy.ports.${which}`,
      address: proxy.bindAddress,
      addressPath: "proxy.bindAddress",
      port: proxy.ports[which],
    })),
  ];
}

/** Docker's answer to a second bind of the same address and port. */
export function portAllocated(port: HostPort): string {
  return `"Bind for ${port.address}:${port.port} failed: port is already allocated"`;
}

/** Two binds clash when the ports match and either address is the wildcard or both are the same. */
export function portsClash(a: HostPort, b: HostPort): boolean {
  if (a.port !== b.port) return false;
  return a.address === b.address || isWildcardAddress(a.address) || isWildcardAddress(b.address);
}
