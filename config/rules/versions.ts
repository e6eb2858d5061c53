import { LATEST_TAG, isPinnedRevision } from "../../constructs/domain";
import type { WorkspaceRule } from "./rule";

export const dashboardVersionMatches: WorkspaceRule = {
  id: "dashboard-version-matches",
  check(ws) {
    const { version, dashboardVersion } = ws.config.convex;
    if (dashboardVersion === undefined || dashboardVersion === version) return [];
    return [
      {
        file: ws.file,
        path: "convex.dashboardVersion",
        message:
          `is "${dashboardVersion}" but convex.version is "${version}": upstream supports the dashboard only at the backend's own version ` +
          "(it calls the backend's admin API, which changes between revisions). Remove convex.dashboardVersion; the dashboard follows convex.version",
      },
    ];
  },
};

/**
 * Pinned means a full 40-character upstream revision: upstream tags images with those and with `latest`
 * only, so anything else (latest, stable, main, a short revision, a made-up date) is floating or missing.
 */
export const pinnedVersion: WorkspaceRule = {
  id: "pinned-version",
  check(ws) {
    const { version, allowFloatingTag } = ws.config.convex;
    if (allowFloatingTag || isPinnedRevision(version)) return [];
    const why = /^[0-9a-f]{7,39}$/i.test(version)
      ? "looks like a short or upper-case revision; upstream tags images only with the full 40 lower-case characters, so it will not be found. Use the full revision"
      : `is not a pinned revision: ${version === LATEST_TAG ? "`latest`" : "a tag like this"} can point at another image tomorrow, and a newer backend may migrate the database in the volume on start, with no way back. Pin a full 40-character upstream revision (remove convex.version for the tested default), or set convex.allowFloatingTag: true to accept that`;
    return [{ file: ws.file, path: "convex.version", message: `"${version}" ${why}` }];
  },
};
