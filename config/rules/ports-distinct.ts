import { PORT_ROLES, portAllocated, portsClash } from "../port-clash";
import type { Report, WorkspaceRule } from "../../vocabulary/rule";

/** A workspace's three services each need a host port of their own. */
export const portsDistinct: WorkspaceRule = {
  id: "ports-distinct",
  stage: "workspace",
  level: "error",
  doc: {
    finds: "one host port for two services of a workspace",
    prevents: "Docker: `Bind for 127.0.0.1:3210 failed: port is already allocated`",
    fix: "one port each",
    source: "the Docker engine",
  },
  cannotAcknowledge: "Docker refuses the second binding at deploy: acknowledging would only move the failure there",

  check(ws) {
    const reports: Report[] = [];
    PORT_ROLES.forEach((ra, i) =>
      PORT_ROLES.slice(i + 1).forEach((rb) => {
        if (!portsClash(ws, ws, ra, rb)) return;
        reports.push({
          path: `network.ports.${rb}`,
          info: `got ${ws.config.network.ports[rb]}, the same host port as network.ports.${ra}; Docker refuses the second binding (${portAllocated(ws, rb)}) and the container does not start`,
          fix: "give each of backend, site and dashboard its own port",
        });
      }),
    );
    return reports;
  },
};
