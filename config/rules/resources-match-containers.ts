import { workspaceContainers } from "../containers";
import type { WorkspaceRule } from "../../vocabulary/rule";

/** Limits for a container the workspace does not have would be silently ignored. */
export const resourcesMatchContainers: WorkspaceRule = {
  id: "resources-match-containers",
  stage: "workspace",
  level: "error",
  doc: {
    finds:
      "`resources.snapshot` or `resources.sync` in a workspace without that sidecar (LocalPlusSync has both with SQLite, only `sync` with PostgreSQL or MySQL; the other storage kinds neither), `resources.proxy` without a `proxy` section",
    prevents: "limits the author believes apply, on a container that is not deployed",
    fix: "remove the block, or limit a container the workspace has",
    source:
      "config/containers.ts (the containers a workspace deploys); storage-kinds/local-plus-sync/index.ts (the sidecars LocalPlusSync adds)",
  },
  cannotAcknowledge: "the setting does nothing: the file has to say what it means",

  check(ws) {
    const roles = new Set(workspaceContainers(ws).map((c) => c.role));
    return Object.keys(ws.config.resources)
      .filter((role) => !roles.has(role as never))
      .map((role) => ({
        path: `resources.${role}`,
        info:
          role === "proxy"
            ? "limits the front door, which this workspace does not have (it has no `proxy` section): the limits would apply to nothing"
            : `limits a ${role} sidecar, which this workspace does not have (storage.kind ${ws.config.storage.kind}, database.kind ${ws.config.database.kind}): the limits would apply to nothing`,
        fix: `remove resources.${role}; the workspace's containers are ${[...roles].join(", ")}`,
      }));
  },
};
