import { doorUrlOf } from "../../constructs/domain";
import { URL_MEANING, URL_ROLES } from "../public-urls";
import type { Report, WorkspaceRule } from "../../vocabulary/rule";

/** The door tells the three services apart by host name: one host each, whatever the ports and paths. */
export const proxyHostsDistinct: WorkspaceRule = {
  id: "proxy-hosts-distinct",
  stage: "workspace",
  level: "error",
  doc: {
    finds: "with `proxy`, two of backend, site and dashboard on one host name",
    prevents: "requests for one service routed to another by the door (the first route for a host wins)",
    fix: "one host name each (three DNS records pointing at the Docker host)",
    source: "the door's configuration routes by host (constructs/domain/caddy-configuration.ts)",
  },
  cannotAcknowledge: "the door would route every request for the host to one service",

  check(ws) {
    const publicUrls = ws.config.network.publicUrls;
    if (!ws.config.proxy || !publicUrls) return [];
    const hosts = URL_ROLES.map((role) => doorUrlOf(publicUrls[role])?.host);
    return URL_ROLES.flatMap((role, i): Report[] => {
      const first = hosts.indexOf(hosts[i]);
      if (hosts[i] === undefined || first === i) return [];
      const other = URL_ROLES[first];
      // One URL twice is rule public-urls-distinct's to say.
      if (publicUrls[role].toLowerCase() === publicUrls[other].toLowerCase()) return [];
      return [
        {
          path: `network.publicUrls.${role}`,
          info: `has the host ${hosts[i]}, like network.publicUrls.${other}: the front door tells ${URL_MEANING[other]} and ${URL_MEANING[role]} apart by host name only, so every request for it would reach the ${other}`,
          fix: `give the ${role} a host name of its own (another DNS record for the Docker host)`,
        },
      ];
    });
  },
};
