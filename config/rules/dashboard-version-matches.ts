import type { WorkspaceRule } from "../../vocabulary/rule";

/** Upstream supports the dashboard only at the backend's own version; the stack runs it at convex.version. */
export const dashboardVersionMatches: WorkspaceRule = {
  id: "dashboard-version-matches",
  stage: "workspace",
  level: "error",
  doc: {
    finds: "`convex.dashboardVersion` different from `convex.version`",
    prevents: "upstream supports only matching versions (the dashboard calls the backend's admin API)",
    fix: "remove `dashboardVersion`",
    source: "self-hosted/CHANGELOG.md:7-8 at a9a760ca",
  },
  cannotAcknowledge:
    "the stack runs the dashboard at convex.version whatever the file says: an acknowledged dashboardVersion would be silently ignored",

  check(ws) {
    const { version, dashboardVersion } = ws.config.convex;
    if (dashboardVersion === undefined || dashboardVersion === version) return [];
    return [
      {
        path: "convex.dashboardVersion",
        info:
          `is "${dashboardVersion}" but convex.version is "${version}": upstream supports the dashboard only at the backend's own version ` +
          "(it calls the backend's admin API, which changes between revisions)",
        fix: "remove convex.dashboardVersion; the dashboard follows convex.version",
      },
    ];
  },
};
