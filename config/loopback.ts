import { isIP } from "node:net";

/*
 * Addresses that name "this machine" from wherever they are used: from inside a container on a bridge
 * network they name the container itself, never the Docker host (Docker's documentation, "Networking
 * overview": a container has its own network stack and loopback interface). A service the containers use
 * must be given by an address they reach.
 */

/** The host of a URL or a bare host name, lower case, without brackets or a trailing dot. */
function bareHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
}

/**
 * Whether `host` (a host name or an IP address, IPv6 with or without brackets) is a loopback address
 * (localhost and *.localhost, which resolve to loopback (RFC 6761 section 6.3), 127.0.0.0/8, ::1, the
 * IPv4-mapped forms) or the unspecified address (0.0.0.0, ::), which connects to the local machine too.
 */
export function isLoopbackHost(host: string): boolean {
  const name = bareHost(host);
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(name)?.[1];
  const address = mapped ?? name;
  if (isIP(address) === 4) return address.startsWith("127.") || address === "0.0.0.0";
  // ::1 and :: in any of their spellings (0:0:0:0:0:0:0:1, ::0001, ...).
  if (isIP(address) === 6) return /^(0{0,4}:){2,7}0{0,3}[01]?$/.test(address);
  return false;
}

/** A URL that only reaches the machine it is opened on (false for a string that is no URL). */
export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** `url` with the Docker bridge's default gateway for its host (for a bare host: that address alone). */
export function onDefaultGateway(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.hostname = "172.17.0.1";
    return parsed.href.replace(/\/$/, "");
  } catch {
    return "172.17.0.1";
  }
}

/**
 * How to give a service the containers on `network` reach instead of a loopback address; `example`: the
 * address on the default gateway, when it may be shown.
 */
export function reachableFix(network: string, example?: string): string {
  return (
    `give an address the containers reach: the Docker bridge's gateway, this machine's address on it (${example ? `e.g. ${example}; ` : ""}` +
    "`docker network inspect bridge` shows it; the service must listen there), a host name that resolves to a non-loopback address of this machine " +
    `(a host-gateway alias), or a container on the network ${network}, by its name`
  );
}
