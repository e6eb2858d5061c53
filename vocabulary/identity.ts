/*
 * One thing written several ways is still one thing. Every comparison of Docker engines and database servers
 * across workspaces (the cross-workspace rules) goes through the one function for its kind here, never through
 * the strings as written (S3 services: storage-kinds/shared/s3-service.ts).
 */

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

/** The port each database server listens on unless told otherwise. */
const DEFAULT_DATABASE_PORTS = { postgres: 5432, mysql: 3306 } as const;

/**
 * One database server, from the host name a workspace gives (database.host holds no port: the URL with the
 * port is a secret, in TF_VAR_database_url): kind, host in lower case without a trailing dot, the default port.
 */
export function databaseServerIdentity(kind: "postgres" | "mysql", host: string): string {
  return `${kind}://${host.toLowerCase().replace(/\.$/, "")}:${DEFAULT_DATABASE_PORTS[kind]}`;
}
