import { isIPv6 } from "node:net";
import { DEFAULTS } from "../constructs/domain";

/** 0.0.0.0 or :: (any spelling): every address of the host, this machine's and the network's. */
export function isWildcardAddress(address: string): boolean {
  return address === "0.0.0.0" || (isIPv6(address) && /^[0:]+$/.test(address));
}

/**
 * The host part of the URLs derived from a bind address: the address itself (in brackets for IPv6), so a
 * workspace bound to 127.0.0.2 is reached on 127.0.0.2 and not on another workspace's 127.0.0.1. The
 * default 127.0.0.1 is written `localhost`, which the hosts file maps to it. A wildcard bind has no such
 * address (rule wildcard-bind-needs-urls refuses it without stated URLs); it derives localhost.
 */
export function urlHostOf(bindAddress: string): string {
  if (bindAddress === DEFAULTS.bindAddress || isWildcardAddress(bindAddress)) return "localhost";
  return isIPv6(bindAddress) ? `[${bindAddress}]` : bindAddress;
}
