import { IPV4_PATTERN, IPV6_PATTERN } from "./patterns";

/*
 * What the front door reads from a public URL. The door routes by host name alone (the Host header and the
 * TLS server name), so each URL is `https://<host>[:<port>]`: the scheme is https, the port is the door's
 * HTTPS port, and there is no path. The same reading serves the constructs (which throw naming the prop) and
 * the workspace file's rules (which name the field).
 */

/**
 * How the front door may treat a URL's host. `name`: a DNS name, letters, digits and '-' in dot-separated
 * labels (an international name in its xn-- form). `ip`: an IPv4 or IPv6 address, for which no ACME CA issues
 * through the door. `localhost`: localhost or a name under it, which only ever reaches the machine it is
 * opened on. `invalid`: anything else (an underscore, an empty label, a Caddy placeholder such as `{env.X}`).
 */
export type DoorHostKind = "name" | "ip" | "localhost" | "invalid";

/** A public URL as the front door sees it. */
export interface DoorUrl {
  /** `https` or `http` (other schemes are not URLs the door serves). */
  readonly scheme: string;
  /** The host, lowercased, without brackets around an IPv6 address. */
  readonly host: string;
  /** What the host is, for which TLS it can have. */
  readonly hostKind: DoorHostKind;
  /** The port a client connects to: the stated one, else the scheme's default (443, 80). */
  readonly port: number;
  /** Whatever follows the host and port (`/path`, `?query`, `#fragment`); empty for none. */
  readonly rest: string;
  /** Whether a user name or password precedes the host (`https://user:secret@host`). */
  readonly userinfo: boolean;
}

/** One DNS label: letters, digits and '-', not at either end, at most 63 characters. */
const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const DNS_NAME = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`);

/** A URL's parts as the front door reads them; undefined when it is not a URL at all. */
export function doorUrlOf(url: string): DoorUrl | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const scheme = parsed.protocol.replace(/:$/, "");
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  const defaultPort = scheme === "https" ? 443 : 80;
  // The URL API drops a trailing '/' path only in what it prints; an empty path is written "/" by it.
  const written = url.replace(/^[a-z]+:\/\/[^/?#]*/i, "");
  return {
    scheme,
    host,
    hostKind: hostKindOf(host),
    port: parsed.port === "" ? defaultPort : Number(parsed.port),
    rest: written === "/" ? "" : written,
    userinfo: parsed.username !== "" || parsed.password !== "",
  };
}

function hostKindOf(host: string): DoorHostKind {
  if (IPV4_PATTERN.test(host) || IPV6_PATTERN.test(host)) return "ip";
  if (host === "localhost" || host.endsWith(".localhost")) return "localhost";
  return DNS_NAME.test(host) ? "name" : "invalid";
}

/** The form a public URL takes behind a door with this HTTPS port: `https://<host>`, with `:<port>` unless 443. */
export function doorUrlFor(host: string, httpsPort: number): string {
  const shown = IPV6_PATTERN.test(host) ? `[${host}]` : host;
  return httpsPort === 443 ? `https://${shown}` : `https://${shown}:${httpsPort}`;
}
