import { dockerEngineIdentity } from "../../constructs/domain";
import { isWildcardAddress } from "../bind-address";
import type { Problem } from "../problems";
import type { ResolvedWorkspace } from "../resolve";
import type { CrossWorkspaceRule, WorkspaceRule } from "./rule";

type PortRole = "backend" | "site" | "dashboard";
const ROLES: readonly PortRole[] = ["backend", "site", "dashboard"];

/** Docker's answer to a second bind of the same address and port. */
function allocated(ws: ResolvedWorkspace, role: PortRole): string {
  return `"Bind for ${ws.config.network.bindAddress}:${ws.config.network.ports[role]} failed: port is already allocated"`;
}

/** Two binds clash when the ports match and either address is the wildcard or both are the same. */
function clash(a: ResolvedWorkspace, b: ResolvedWorkspace, ra: PortRole, rb: PortRole): boolean {
  const na = a.config.network;
  const nb = b.config.network;
  if (na.ports[ra] !== nb.ports[rb]) return false;
  return na.bindAddress === nb.bindAddress || isWildcardAddress(na.bindAddress) || isWildcardAddress(nb.bindAddress);
}

export const portsDistinctWithinWorkspace: WorkspaceRule = {
  id: "ports-distinct",
  check(ws) {
    const problems: Problem[] = [];
    ROLES.forEach((ra, i) =>
      ROLES.slice(i + 1).forEach((rb) => {
        if (clash(ws, ws, ra, rb)) {
          problems.push({
            file: ws.file,
            path: `network.ports.${rb}`,
            message: `got ${ws.config.network.ports[rb]}, the same host port as network.ports.${ra}; Docker refuses the second binding (${allocated(ws, rb)}) and the container does not start. Give each of backend, site and dashboard its own port`,
          });
        }
      }),
    );
    return problems;
  },
};

/** Workspaces on one Docker host share its ports and its object names. */
export const noCollisionsBetweenWorkspaces: CrossWorkspaceRule = {
  id: "no-cross-workspace-collisions",
  check(all) {
    const problems: Problem[] = [];
    all.forEach((a, i) =>
      all.slice(i + 1).forEach((b) => {
        if (a.name === b.name) {
          problems.push({
            file: b.file,
            path: "name",
            message: `workspace "${b.name}" is also defined in ${a.file}; names must be unique (they name the stack and every Docker object)`,
          });
          return;
        }
        // One engine however its address is written (unix:///var/run/docker.sock is unix:///run/docker.sock).
        if (dockerEngineIdentity(a.config.docker.host) !== dockerEngineIdentity(b.config.docker.host)) return;
        for (const ra of ROLES) {
          for (const rb of ROLES) {
            if (clash(a, b, ra, rb)) {
              problems.push({
                file: b.file,
                path: `network.ports.${rb}`,
                message: `host port ${b.config.network.ports[rb]} of workspace "${b.name}" collides with network.ports.${ra} of workspace "${a.name}" (${a.file}) on Docker host ${a.config.docker.host}; whichever deploys second fails (${allocated(b, rb)}). Pick a free port for one of them`,
              });
            }
          }
        }
      }),
    );
    return problems;
  },
};
