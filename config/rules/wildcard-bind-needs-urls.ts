import { isWildcardAddress } from "../bind-address";
import type { WorkspaceRule } from "../../vocabulary/rule";

/**
 * A wildcard bind (0.0.0.0, ::) is for clients on other machines, but without stated URLs the derived ones
 * name localhost: CONVEX_CLOUD_ORIGIN, the dashboard's deployment URL and every app would point each client
 * at its own machine.
 */
export const wildcardBindNeedsUrls: WorkspaceRule = {
  id: "wildcard-bind-needs-urls",
  stage: "workspace",
  level: "error",
  doc: {
    finds: "`network.bindAddress` `0.0.0.0` or `::` without `network.publicUrls` or `network.coder`",
    prevents: "clients pointed at their own machine by the derived `localhost` URLs",
    fix: "state the public URLs, use Coder, or bind one address",
    source: "self-hosted/docker-build/run_backend.sh:57-66 at a9a760ca (the origins are how clients reach the backend)",
  },

  check(ws) {
    const network = ws.config.network;
    if (!isWildcardAddress(network.bindAddress) || network.publicUrls || network.coder) return [];
    return [
      {
        path: "network.bindAddress",
        info:
          `is ${network.bindAddress}, which publishes the ports on every address of the host, but neither network.publicUrls nor network.coder says how clients reach them: ` +
          `the URLs would be derived as ${ws.urls.backend} (and so on), and the backend's CONVEX_CLOUD_ORIGIN, the dashboard and every app would point each client at its own machine`,
        fix: "give network.publicUrls (the URLs clients use) or network.coder, or bind to one address such as 127.0.0.1",
      },
    ];
  },
};
