import type { ConfigRule } from "../../vocabulary/rule";

/**
 * The front door serves the URLs the file states: it routes by their host names and gets certificates for
 * them. Derived URLs (`http://localhost:<port>`) name no host a certificate can be issued for, and Coder's
 * app URLs are already served over HTTPS by Coder itself.
 */
export const proxyNeedsPublicUrls: ConfigRule = {
  id: "proxy-needs-public-urls",
  stage: "config",
  level: "error",
  doc: {
    finds: "`proxy` without `network.publicUrls` (URLs derived from the ports, or from `network.coder`)",
    prevents: "a door with no host names to route by or to get certificates for",
    fix: "state `network.publicUrls`, or remove `proxy` (Coder serves its app URLs over HTTPS already)",
    source:
      "docs/front-door.md; Caddy routes by host (https://caddyserver.com/docs/json/apps/http/servers/routes/match/host/)",
  },
  cannotAcknowledge: "without stated URLs the door has nothing to serve: there is no configuration to write",

  check(config) {
    if (!config.proxy || config.network.publicUrls) return [];
    return [
      {
        path: "proxy",
        info: config.network.coder
          ? "is set while network.coder derives the URLs: Coder already serves its app URLs over HTTPS, and the door would need host names of its own"
          : "is set without network.publicUrls: the URLs would be derived as http://<bindAddress>:<port>, which name no host the door can route by or get a certificate for",
        fix: config.network.coder
          ? "remove proxy (Coder is the door), or replace network.coder with network.publicUrls naming the door's hosts"
          : "give network.publicUrls: one https URL per service, each with its own host name pointed at this Docker host",
      },
    ];
  },
};
