import type { DeployedRule, Report } from "../../vocabulary/rule";
import type { BindSource } from "../bind-sources";

/** What a bind source is on the Docker host (this machine), as guards/bind-source-files.ts found it. */
export interface FoundBindSource extends BindSource {
  /** What is at the path instead of a regular file ("does not exist", "is a directory", ...); undefined when it is one. */
  readonly instead?: string;
  /** Where a symbolic link at the path leads, and why that is refused (rule bind-source-path on the real path). */
  readonly leadsTo?: { readonly path: string; readonly problem: string };
}

/**
 * The file a bind source names must be there, as a regular file, on the Docker host: a missing path is
 * created by Docker as an empty folder (and mounted as one), a socket or a device hands the container what
 * it is, and a symbolic link is followed to wherever it leads. Checked only when the Docker host is this
 * machine, and not offline.
 */
export const bindSourceIsAFile: DeployedRule<readonly FoundBindSource[]> = {
  id: "bind-source-is-a-file",
  stage: "deployed",
  level: "error",
  doc: {
    finds:
      "on a Docker host that is this machine: a bind source (`database.caFile`, `proxy.acme.caRootFile`) that does not exist, is not a regular file (a folder, a socket, a device, a pipe), or is a symbolic link to a path rule bind-source-path refuses",
    prevents:
      "Docker creating an empty folder at a missing path and mounting it instead of the CA certificate; a link or a socket handing the container what it leads to",
    fix: "create the file, or name it by its own path",
    source:
      "Docker: a missing bind-mount source is created as a directory (docs.docker.com/engine/storage/bind-mounts)",
  },
  cannotAcknowledge: "a bind source that is not a file breaks the container, or exposes what it leads to",

  check(_ws, found) {
    return found.flatMap(({ field, path, container, instead, leadsTo }): Report[] => {
      if (leadsTo)
        return [
          {
            path: field,
            info: `is ${JSON.stringify(path)}, a symbolic link to ${JSON.stringify(leadsTo.path)}, which Docker would mount into ${container}: ${leadsTo.problem}`,
            fix: "name a regular file outside the host's runtime and secret folders by its own path",
          },
        ];
      if (instead === undefined) return [];
      return [
        {
          path: field,
          info: `is ${JSON.stringify(path)}, which ${instead} on this machine, the Docker host: Docker ${instead === "does not exist" ? "would create an empty folder there and mount it" : "would mount it as it is"} into ${container} instead of a file`,
          fix: `put the file at ${JSON.stringify(path)}, or correct ${field}`,
        },
      ];
    });
  },
};
