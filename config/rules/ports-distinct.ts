import { hostPortsOf, portAllocated, portsClash } from "../port-clash";
import type { Report, WorkspaceRule } from "../../vocabulary/rule";

/** A workspace's three services, and its front door's two ports, each need a host port of their own. */
export const portsDistinct: WorkspaceRule = {
  id: "ports-distinct",
  stage: "workspace",
  level: "error",
  doc: {
    finds: "one host port for two services of a workspace (its front door's HTTP and HTTPS ports count too)",
    prevents: "Docker: `Bind for 127.0.0.1:3210 failed: port is already allocated`",
    fix: "one port each",
    source: "the Docker engine",
  },
  cannotAcknowledge: "Docker refuses the second binding at deploy: acknowledging would only move the failure there",

  check(ws) {
    const reports: Report[] = [];
    const ports = hostPortsOf(ws);
    ports.forEach((a, i) =>
      ports.slice(i + 1).forEach((b) => {
        if (!portsClash(a, b)) return;
        reports.push({
          path: b.path,
          info: `got ${b.port}, the same host port as ${a.path}; Docker refuses the second binding (${portAllocated(b)}) and the container does not start`,
          fix: "give each of backend, site, dashboard and the front door's http and https its own port",
        });
      }),
    );
    return reports;
  },
};
