import { dockerEngineIdentity } from "../../vocabulary/identity";
import { hostPortsOf, portAllocated, portsClash } from "../port-clash";
import type { CrossWorkspaceRule, FileReport } from "../../vocabulary/rule";

/** Workspaces on one Docker host share its ports and its object names. */
export const noCrossWorkspaceCollisions: CrossWorkspaceRule = {
  id: "no-cross-workspace-collisions",
  stage: "cross-workspace",
  level: "error",
  doc: {
    finds:
      "the same host port (same address or a wildcard bind) in two workspaces on one Docker host (one engine however its address is written); two files with one workspace name",
    prevents: "Docker's `port is already allocated` for whichever deploys second; two stacks managing one data volume",
    fix: "another port, another name",
    source: "the Docker engine",
  },
  cannotAcknowledge:
    "it protects the data: two files of one name manage the same Docker objects, the data volume among them",

  check(all) {
    const reports: FileReport[] = [];
    all.forEach((a, i) =>
      all.slice(i + 1).forEach((b) => {
        if (a.name === b.name) {
          reports.push({
            file: b.file,
            path: "name",
            info: `workspace "${b.name}" is also defined in ${a.file}; the name names the stack and every Docker object, the data volume among them`,
            fix: "give each workspace file its own name",
          });
          return;
        }
        // One engine however its address is written (unix:///var/run/docker.sock is unix:///run/docker.sock).
        if (dockerEngineIdentity(a.config.docker.host) !== dockerEngineIdentity(b.config.docker.host)) return;
        for (const pa of hostPortsOf(a)) {
          for (const pb of hostPortsOf(b)) {
            if (!portsClash(pa, pb)) continue;
            reports.push({
              file: b.file,
              path: pb.path,
              info: `host port ${pb.port} of workspace "${b.name}" collides with ${pa.path} of workspace "${a.name}" (${a.file}) on Docker host ${a.config.docker.host}; whichever deploys second fails (${portAllocated(pb)})`,
              fix: "pick a free port for one of them",
            });
          }
        }
      }),
    );
    return reports;
  },
};
