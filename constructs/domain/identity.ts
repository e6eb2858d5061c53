import type { ValueFormat } from "./patterns";

/*
 * Addresses: the Docker engines a deployment may name, and an endpoint's one spelling. One thing written
 * several ways is still one thing: the data-loss guard's storage location (and a configuration layer's
 * comparison of S3 services) goes through canonicalEndpoint, never through the string as written.
 */

const HOST = String.raw`(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])`;
const PORT = String.raw`(?::[0-9]{1,5})?`;

/**
 * The Docker hosts a deployment may name (ConvexDeploymentProps.dockerHost). Only these characters: the value is also pasted into the
 * admin_key_command output (`docker -H <host> exec ...`), a shell command, so nothing in it may mean
 * anything to a shell. Docker's ssh helper takes no path after the host.
 */
const DOCKER_HOST_PATTERN = new RegExp(
  String.raw`^(?:unix://(?:/[A-Za-z0-9._+-]+)+|ssh://(?:[A-Za-z0-9._-]+@)?${HOST}${PORT}|tcp://${HOST}${PORT})$`,
);

/** What DOCKER_HOST_PATTERN allows, as a format with its words for messages. */
export const DOCKER_HOST_FORMAT: ValueFormat = {
  allowed:
    "unix:///path, ssh://[user@]host[:port] or tcp://host[:port], in letters, digits and . _ - + / : @ [ ] only (it is part of a shell command)",
  checks: [{ pattern: DOCKER_HOST_PATTERN, matches: true }],
};

const DEFAULT_HTTP_PORTS: Readonly<Record<string, string>> = { http: "80", https: "443" };

/**
 * An http(s) endpoint as one spelling: scheme and host lower-cased, the scheme's default port and trailing
 * slashes dropped; the path (case-sensitive on S3 gateways), query and user part are kept. A string holding
 * an unresolved Terraform token (`${...}`, only a library user's) is left as it is.
 */
export function canonicalEndpoint(url: string): string {
  if (url.includes("${")) return url;
  const match = /^(https?):\/\/([^/?#]*)(.*)$/i.exec(url);
  if (!match) return url;
  const scheme = match[1].toLowerCase();
  const authority = match[2].toLowerCase().replace(new RegExp(`:0*${DEFAULT_HTTP_PORTS[scheme]}$`), "");
  return `${scheme}://${authority}${match[3].replace(/\/+$/, "")}`;
}
