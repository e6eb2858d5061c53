import { doorUrlOf } from "../../constructs/domain";
import { URL_ROLES } from "../public-urls";
import type { Report, WorkspaceRule } from "../../vocabulary/rule";

/**
 * The door gets a certificate for each URL's host and routes by it: a DNS name, or with Caddy's own CA also
 * an IP address or a name under localhost. An ACME CA validates that it reaches the name through DNS, which an IP address or localhost
 * is not.
 */
export const proxyHostNames: WorkspaceRule = {
  id: "proxy-host-names",
  stage: "workspace",
  level: "error",
  doc: {
    finds:
      "with `proxy`, a URL host that is not a DNS name: an IP address or `localhost` with `tls` `acme`; an underscore, an empty label or a placeholder at all",
    prevents: "the ACME CA refusing every order for the host (no certificate, so no HTTPS at all on it)",
    fix: "a DNS name pointed at the Docker host, or `tls` `internal` for an IP address on a private network (or localhost names on this machine)",
    source:
      "RFC 8555 section 8 (an ACME CA validates control of a DNS identifier); Let's Encrypt's rate limits and policy: https://letsencrypt.org/docs/rate-limits/",
  },
  cannotAcknowledge: "the door would never get a certificate for the host",

  check(ws) {
    const proxy = ws.config.proxy;
    const publicUrls = ws.config.network.publicUrls;
    if (!proxy || !publicUrls) return [];
    return URL_ROLES.flatMap((role): Report[] => {
      const parts = doorUrlOf(publicUrls[role]);
      // Caddy's own CA signs for any host it is given: an address, or a name under localhost on this machine.
      if (!parts || parts.hostKind === "name" || (parts.hostKind !== "invalid" && proxy.tls === "internal")) return [];
      const path = `network.publicUrls.${role}`;
      if (parts.hostKind === "invalid")
        return [
          {
            path,
            info: `has the host "${parts.host}", which is not a DNS name (letters, digits and '-' in dot-separated labels): no certificate can be issued for it`,
            fix: "use the DNS name clients reach this host by (an international name in its xn-- form)",
          },
        ];
      const what =
        parts.hostKind === "ip" ? "an IP address" : "localhost, which only ever reaches the machine it is opened on";
      return [
        {
          path,
          info: `has the host ${parts.host}, ${what}, and proxy.tls is "acme": an ACME CA issues certificates for DNS names it can resolve to this door, so every order for it fails and the host gets no HTTPS`,
          fix: 'use a DNS name pointed at the Docker host, or set proxy.tls to "internal" (Caddy\'s own CA: clients must trust its root)',
        },
      ];
    });
  },
};
