import { doorUrlFor, doorUrlOf } from "../../constructs/domain";
import { URL_MEANING, URL_ROLES } from "../public-urls";
import type { Report, WorkspaceRule } from "../../vocabulary/rule";

/** Behind the door every URL is `https://<host>[:<port>]`: the door routes by host alone and serves HTTPS only. */
export const proxyUrlsHttps: WorkspaceRule = {
  id: "proxy-urls-https",
  stage: "workspace",
  level: "error",
  doc: {
    finds:
      "with `proxy`, a `network.publicUrls` entry that is not https, or has a user name, a path, a query or a fragment",
    prevents:
      "CONVEX_CLOUD_ORIGIN, CONVEX_SITE_ORIGIN or the dashboard's URL pointing at what the door only redirects, or at a path it does not route by",
    fix: "`https://<host>`, with `:<proxy.ports.https>` when that is not 443",
    source:
      "constructs/domain/caddy-configuration.ts (the door answers plain HTTP with a redirect only, and matches hosts, not paths)",
  },
  cannotAcknowledge: "the backend would hand clients URLs the door does not serve",

  check(ws) {
    const proxy = ws.config.proxy;
    const publicUrls = ws.config.network.publicUrls;
    if (!proxy || !publicUrls) return [];
    return URL_ROLES.flatMap((role): Report[] => {
      const url = publicUrls[role];
      const parts = doorUrlOf(url);
      if (!parts || (parts.scheme === "https" && parts.rest === "" && !parts.userinfo)) return [];
      const wanted = doorUrlFor(parts.host, proxy.ports.https);
      const what =
        parts.scheme !== "https"
          ? `is ${url}, a ${parts.scheme} URL: the front door serves HTTPS and answers plain HTTP only with a redirect, so ${URL_MEANING[role]} would send clients to a URL that is never served`
          : parts.userinfo
            ? `has a user name or password before the host: the front door serves https://<host> only, and ${URL_MEANING[role]} would carry it to every client`
            : `is ${url}, with "${parts.rest}" after the host: the front door routes by host name alone, so ${URL_MEANING[role]} would name a path the door does not route by`;
      return [{ path: `network.publicUrls.${role}`, info: what, fix: `write ${wanted}` }];
    });
  },
};
