import { doorUrlFor, doorUrlOf } from "../../constructs/domain";
import { URL_MEANING, URL_ROLES } from "../public-urls";
import type { Report, WorkspaceRule } from "../../vocabulary/rule";

/** A URL behind the door is reached on the door's HTTPS port: it says that port, or none when it is 443. */
export const proxyUrlPort: WorkspaceRule = {
  id: "proxy-url-port",
  stage: "workspace",
  level: "error",
  doc: {
    finds: "with `proxy`, an https URL whose port is not `proxy.ports.https` (443 when the URL states none)",
    prevents: "clients sent to a port where the door does not listen",
    fix: "the URL with the door's HTTPS port, or that port set to the URL's",
    source: "constructs/front-door.ts (the door publishes `proxy.ports`, the same ports inside its container)",
  },
  cannotAcknowledge: "clients would be sent to a port nothing of this workspace listens on",

  check(ws) {
    const proxy = ws.config.proxy;
    const publicUrls = ws.config.network.publicUrls;
    if (!proxy || !publicUrls) return [];
    const httpsPort = proxy.ports.https;
    return URL_ROLES.flatMap((role): Report[] => {
      const parts = doorUrlOf(publicUrls[role]);
      // Another scheme is rule proxy-urls-https's to say.
      if (!parts || parts.scheme !== "https" || parts.port === httpsPort) return [];
      return [
        {
          path: `network.publicUrls.${role}`,
          info: `is ${publicUrls[role]}, on port ${parts.port}, but the front door listens for HTTPS on proxy.ports.https ${httpsPort}: ${URL_MEANING[role]} would send clients to a port the door does not serve`,
          fix: `write ${doorUrlFor(parts.host, httpsPort)}, or set proxy.ports.https to ${parts.port}`,
        },
      ];
    });
  },
};
