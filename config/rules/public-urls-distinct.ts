import { URL_MEANING, URL_ROLES, urlPath } from "../public-urls";
import type { Report, WorkspaceRule } from "../../vocabulary/rule";

/** Each URL reaches another container port (3210, 3211, 6791), so no two may be equal. */
export const publicUrlsDistinct: WorkspaceRule = {
  id: "public-urls-distinct",
  stage: "workspace",
  level: "error",
  doc: {
    finds: "two of backend, site and dashboard with one URL (stated, or Coder apps with one slug)",
    prevents: "requests for one container port landing on another",
    fix: "one URL each",
    source: "self-hosted/docker/docker-compose.yml at a9a760ca (ports 3210, 3211 and 6791)",
  },

  check(ws) {
    // URLs derived from ports are as distinct as the ports, which ports-distinct checks.
    if (!ws.config.network.publicUrls && !ws.config.network.coder) return [];
    const reports: Report[] = [];
    URL_ROLES.forEach((a, i) =>
      URL_ROLES.slice(i + 1).forEach((b) => {
        if (ws.urls[a].toLowerCase() !== ws.urls[b].toLowerCase()) return;
        reports.push({
          path: urlPath(ws, b),
          info:
            `gives ${b} the same URL as ${a} (${ws.urls[a]}): ${URL_MEANING[a]} and ${URL_MEANING[b]} are served on different container ports, ` +
            "so one URL cannot reach both (requests for one would land on the other and fail)",
          fix: `give ${b} its own URL`,
        });
      }),
    );
    return reports;
  },
};
