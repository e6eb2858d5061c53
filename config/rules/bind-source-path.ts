import { FORMATS, formatProblem } from "../../constructs/domain";
import { bindSources } from "../bind-sources";
import { describeValue } from "../problems";
import type { WorkspaceRule } from "../../vocabulary/rule";

/**
 * A host path mounted into a container names one regular file outside the host's runtime and secret folders
 * (constructs/domain/bind-source.ts); the library's Database and ConvexFrontDoor constructs refuse the same paths. Whether the
 * file is there and is a file is rule bind-source-is-a-file's question, asked on the Docker host.
 */
export const bindSourcePath: WorkspaceRule = {
  id: "bind-source-path",
  stage: "workspace",
  level: "error",
  doc: {
    finds:
      "a host path mounted into a container (`database.caFile`, `proxy.acme.caRootFile`) that is not the absolute path of a file: `/`, a folder, a `.` or `..` segment, a path under /proc, /sys, /dev, /run, /var/run or /var/lib/docker (the Docker socket), or one of the host's secrets (/root, /etc/shadow, /etc/ssh, a .ssh or .aws folder...)",
    prevents:
      "a workspace file handing the backend or the front door's container the Docker socket (and with it the whole engine), the host's password hashes or its keys",
    fix: "the absolute path of the CA certificate file itself, e.g. /etc/ssl/certs/db-ca.pem",
    source:
      "Docker: a bind mount gives the container whatever the host path is (docs.docker.com/engine/storage/bind-mounts)",
  },
  cannotAcknowledge: "it keeps the host's engine and secrets out of the containers",

  check(ws) {
    return bindSources(ws).flatMap(({ field, path, container }) => {
      const problem = formatProblem(FORMATS.bindSource, path);
      if (problem === undefined) return [];
      return [
        {
          path: field,
          info: `is ${describeValue(path)}, which Docker would mount into ${container}: ${problem}`,
          fix: `give ${FORMATS.bindSource.allowed}`,
        },
      ];
    });
  },
};
