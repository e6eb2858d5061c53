import { MEMORY_MINIMUMS } from "../../constructs/domain";
import { workspaceContainers } from "../containers";
import type { WorkspaceRule } from "../../vocabulary/rule";

/** A memory limit under what the container is known to need gets it killed in normal work, again and again. */
export const memoryBelowMinimum: WorkspaceRule = {
  id: "memory-below-minimum",
  stage: "workspace",
  level: "warning",
  doc: {
    finds:
      "a `resources.<container>.memoryMiB` below the documented minimum: 1024 MiB for the backend and the dashboard (upstream's smallest published configuration), the measured peak for a sidecar (docs/performance.md)",
    prevents:
      "a backend the kernel kills for memory and Docker restarts, in a loop; a sidecar killed in the middle of a snapshot or upload, so backups stop",
    fix: "raise the limit (docs/operations.md says how to size it), or acknowledge the rule for a workload known to be small",
    source:
      "self-hosted/advanced/fly/backend/fly.toml:37 and fly/dashboard/fly.toml:27 at a9a760ca; docs/performance.md for the sidecars",
  },

  check(ws) {
    return workspaceContainers(ws).flatMap(({ role, what }) => {
      const given = ws.config.resources[role]?.memoryMiB;
      const minimum = MEMORY_MINIMUMS[role];
      if (given === undefined || minimum === undefined || given >= minimum.memoryMiB) return [];
      return [
        {
          path: `resources.${role}.memoryMiB`,
          info: `is ${given} MiB, below the ${minimum.memoryMiB} MiB ${what} is documented to need (${minimum.source}): at the limit the kernel kills a process in it${role === "snapshot" || role === "sync" ? ", and a sidecar killed mid-run means backups stop" : " and Docker restarts it"}`,
          fix: `give at least ${minimum.memoryMiB} MiB (docs/operations.md), or acknowledge rule memory-below-minimum with a reason`,
        },
      ];
    });
  },
};
