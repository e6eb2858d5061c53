import { formatProblem, FORMATS } from "../../constructs/domain";
import type { WorkspaceRule } from "../../vocabulary/rule";

/** Behind the door, the backend's and dashboard's own ports are for this host only: clients use the door. */
export const proxyKeepsPortsPrivate: WorkspaceRule = {
  id: "proxy-keeps-ports-private",
  stage: "workspace",
  level: "error",
  doc: {
    finds: "with `proxy`, a `network.bindAddress` that is not a loopback address",
    prevents:
      "the backend (with its unauthenticated `/metrics`) and the dashboard reachable around the door, in plain HTTP and without the dashboard's password",
    fix: "remove `network.bindAddress` (127.0.0.1), or set a loopback address",
    source: "crates/common/src/http/mod.rs:680-696 at a9a760ca (`/metrics` on every backend port)",
  },
  cannotAcknowledge: "it would publish what the door exists to keep private",

  check(ws) {
    const { bindAddress } = ws.config.network;
    if (!ws.config.proxy || formatProblem(FORMATS.loopbackAddress, bindAddress) === undefined) return [];
    return [
      {
        path: "network.bindAddress",
        info: `is ${bindAddress} while proxy is set: the backend's and the dashboard's own ports would be reachable around the front door, in plain HTTP, with /metrics and without the dashboard's password`,
        fix: "remove network.bindAddress (127.0.0.1, this host only), or set another loopback address; clients reach the services through the door's proxy.bindAddress",
      },
    ];
  },
};
