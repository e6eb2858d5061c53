import type { Problem } from "../problems";
import type { PublicUrls } from "../../constructs/domain";
import { CODER_ENV, type ResolvedWorkspace } from "../resolve";
import type { WorkspaceRule } from "./rule";

type Role = keyof PublicUrls;
const ROLES: readonly Role[] = ["backend", "site", "dashboard"];
const MEANING: Record<Role, string> = {
  backend: "CONVEX_CLOUD_ORIGIN and the dashboard's NEXT_PUBLIC_DEPLOYMENT_URL",
  site: "CONVEX_SITE_ORIGIN (HTTP actions)",
  dashboard: "the dashboard",
};

/** A URL that only reaches the machine it is opened on. */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === "localhost" || host.endsWith(".localhost") || /^127\./.test(host) || host === "[::1]" || host === "0.0.0.0";
}

/** Coder sets these for every process of a workspace. */
export function insideCoder(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env[CODER_ENV.workspace]) || env.CODER === "true";
}

/** Where a stated or Coder-derived URL comes from in the file, for the problem's path. */
function urlPath(ws: ResolvedWorkspace, role: Role): string {
  return ws.config.network.publicUrls ? `network.publicUrls.${role}` : `network.coder.apps.${role}`;
}

/**
 * Field notes 1: inside Coder, a dashboard pinned to http://localhost:3210 talked to the browser's own
 * machine instead of the workspace. A stated URL on loopback is refused where a browser elsewhere uses it.
 */
export const publicUrlsReachable: WorkspaceRule = {
  id: "public-urls-reachable",
  check(ws, { env }) {
    const urls = ws.config.network.publicUrls;
    if (!urls) return [];
    const loopback = ROLES.filter((role) => isLoopbackUrl(urls[role]));
    if (loopback.length === 0) return [];
    if (insideCoder(env)) {
      return loopback.map((role) => ({
        file: ws.file,
        path: `network.publicUrls.${role}`,
        message:
          `is ${urls[role]} in a Coder workspace (${CODER_ENV.workspace} is set): browsers reach this workspace through Coder's app URLs, so ${MEANING[role]} would point ` +
          "every browser at its own machine (the dashboard then talks to localhost instead of the workspace). Replace network.publicUrls with network.coder { accessDomain }, which derives the app URLs",
      }));
    }
    const remote = ROLES.filter((role) => !loopback.includes(role));
    if (remote.length === 0) return [];
    return loopback
      .filter((role) => role !== "dashboard")
      .map((role) => ({
        file: ws.file,
        path: `network.publicUrls.${role}`,
        message:
          `is ${urls[role]} while network.publicUrls.${remote[0]} is ${urls[remote[0]]}: whoever uses the ${remote[0]} URL from another machine gets ${MEANING[role]} ` +
          "pointing at their own machine, not this one. Use a URL for it that is reachable from the same places as the others",
      }));
  },
};

/** Each URL reaches another container port (3210, 3211, 6791), so no two may be equal. */
export const publicUrlsDistinct: WorkspaceRule = {
  id: "public-urls-distinct",
  check(ws) {
    // URLs derived from ports are as distinct as the ports, which ports-distinct checks.
    if (!ws.config.network.publicUrls && !ws.config.network.coder) return [];
    const problems: Problem[] = [];
    ROLES.forEach((a, i) =>
      ROLES.slice(i + 1).forEach((b) => {
        if (ws.urls[a].toLowerCase() !== ws.urls[b].toLowerCase()) return;
        problems.push({
          file: ws.file,
          path: urlPath(ws, b),
          message:
            `gives ${b} the same URL as ${a} (${ws.urls[a]}): ${MEANING[a]} and ${MEANING[b]} are served on different container ports, ` +
            `so one URL cannot reach both (requests for one would land on the other and fail). Give ${b} its own URL`,
        });
      }),
    );
    return problems;
  },
};
