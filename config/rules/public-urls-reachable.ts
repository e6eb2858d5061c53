import { CODER_ENV } from "../coder";
import { isLoopbackUrl } from "../loopback";
import { URL_MEANING, URL_ROLES, insideCoder } from "../public-urls";
import type { Report, WorkspaceRule } from "../../vocabulary/rule";

/**
 * The dashboard hands its deployment URL to the browser, which connects to it: inside Coder, a dashboard
 * pinned to http://localhost:3210 talks to the browser's own machine instead of the workspace. A stated URL
 * on loopback is refused where a browser elsewhere uses it.
 */
export const publicUrlsReachable: WorkspaceRule = {
  id: "public-urls-reachable",
  stage: "workspace",
  level: "error",
  doc: {
    finds:
      "`network.publicUrls` on localhost / 127.x inside a Coder workspace; a loopback backend or site URL next to a public one",
    prevents: "a dashboard that talks to `http://localhost:3210`, the browser's own machine, instead of the workspace",
    fix: "`network.coder` (derives the app URLs), or URLs reachable from where they are used",
    source:
      "npm-packages/dashboard-self-hosted/src/pages/_app.tsx:137-168 at a9a760ca (the browser connects to NEXT_PUBLIC_DEPLOYMENT_URL); https://coder.com/docs/admin/networking/wildcard-access-url (how Coder reaches a workspace's ports)",
  },

  check(ws, { env }) {
    const urls = ws.config.network.publicUrls;
    if (!urls) return [];
    const loopback = URL_ROLES.filter((role) => isLoopbackUrl(urls[role]));
    if (loopback.length === 0) return [];
    if (insideCoder(env)) {
      return loopback.map((role): Report => ({
        path: `network.publicUrls.${role}`,
        info:
          `is ${urls[role]} in a Coder workspace (${CODER_ENV.workspace} is set): browsers reach this workspace through Coder's app URLs, so ${URL_MEANING[role]} would point ` +
          "every browser at its own machine (the dashboard then talks to localhost instead of the workspace)",
        fix: "replace network.publicUrls with network.coder { accessDomain }, which derives the app URLs",
      }));
    }
    const remote = URL_ROLES.filter((role) => !loopback.includes(role));
    if (remote.length === 0) return [];
    return loopback
      .filter((role) => role !== "dashboard")
      .map((role): Report => ({
        path: `network.publicUrls.${role}`,
        info:
          `is ${urls[role]} while network.publicUrls.${remote[0]} is ${urls[remote[0]]}: whoever uses the ${remote[0]} URL from another machine gets ${URL_MEANING[role]} ` +
          "pointing at their own machine, not this one",
        fix: "use a URL for it that is reachable from the same places as the others",
      }));
  },
};
