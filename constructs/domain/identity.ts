import type { ValueRule } from "./patterns";

/*
 * One thing written several ways is still one thing. Every comparison of Docker engines, S3 services and
 * endpoints, and database servers (the cross-workspace rules, the data-loss guard's storage location) goes
 * through the one function for its kind here, never through the strings as written.
 */

const HOST = String.raw`(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])`;
const PORT = String.raw`(?::[0-9]{1,5})?`;

/**
 * The Docker hosts a workspace may name. Only these characters: the value is also pasted into the
 * admin_key_command output (`docker -H <host> exec ...`), a shell command, so nothing in it may mean
 * anything to a shell. Docker's ssh helper takes no path after the host.
 */
export const DOCKER_HOST_PATTERN = new RegExp(
  String.raw`^(?:unix://(?:/[A-Za-z0-9._+-]+)+|ssh://(?:[A-Za-z0-9._-]+@)?${HOST}${PORT}|tcp://${HOST}${PORT})$`,
);

/** What DOCKER_HOST_PATTERN allows, as a rule with its words for messages. */
export const DOCKER_HOST_RULE: ValueRule = {
  allowed:
    "unix:///path, ssh://[user@]host[:port] or tcp://host[:port], in letters, digits and . _ - + / : @ [ ] only (it is part of a shell command)",
  checks: [{ pattern: DOCKER_HOST_PATTERN, matches: true }],
};

/** Docker's defaults (moby opts/hosts.go: DefaultHTTPPort; ssh's own port). */
const DEFAULT_DOCKER_PORTS: Readonly<Record<string, number>> = { tcp: 2375, ssh: 22 };

/**
 * One Docker engine, however its address is written: `unix:///var/run/docker.sock` and
 * `unix:///run/docker.sock` (/var/run is a link to /run on every current Linux), a path with `//` or `.`;
 * `ssh://host`, `ssh://deploy@host` and `ssh://host:22` (the login user does not change which machine, engine
 * or host ports are reached); `tcp://host` and `tcp://host:2375`; host names in any case.
 */
export function dockerEngineIdentity(host: string): string {
  const match = /^([a-z]+):\/\/(.*)$/i.exec(host);
  if (!match) return host;
  const scheme = match[1].toLowerCase();
  if (scheme === "unix") return `unix://${normalisePath(match[2]).replace(/^\/var\/run(?=\/|$)/, "/run")}`;
  const address = /^(?:[^@/]*@)?([^:/]+|\[[^\]]*\])(?::(\d+))?$/.exec(match[2]);
  if (!address || DEFAULT_DOCKER_PORTS[scheme] === undefined) return host;
  return `${scheme}://${address[1].toLowerCase()}:${Number(address[2] ?? DEFAULT_DOCKER_PORTS[scheme])}`;
}

function normalisePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

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

/** One S3 service: AWS (bucket names are global there, whatever the region) or a gateway by its endpoint. */
export function s3ServiceIdentity(kind: "AwsS3" | "CephViaGateway", endpoint: string | undefined): string {
  return kind === "AwsS3" ? "AWS S3" : canonicalEndpoint(endpoint ?? "");
}

/** The port each database server listens on unless told otherwise. */
const DEFAULT_DATABASE_PORTS = { postgres: 5432, mysql: 3306 } as const;

/**
 * One database server, from the host name a workspace gives (database.host holds no port: the URL with the
 * port is a secret, in TF_VAR_database_url): kind, host in lower case without a trailing dot, the default port.
 */
export function databaseServerIdentity(kind: "postgres" | "mysql", host: string): string {
  return `${kind}://${host.toLowerCase().replace(/\.$/, "")}:${DEFAULT_DATABASE_PORTS[kind]}`;
}
