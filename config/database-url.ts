import { secretEnvName } from "../constructs/domain";

export interface DatabaseUrlOptions {
  /** The workspace's `database.requireSsl` (true unless the file says false). */
  readonly requireSsl: boolean;
  /** The workspace's `database.kind`; when given, the URL's scheme must match it. @default any of them */
  readonly kind?: "postgres" | "mysql";
}

const SCHEMES: Record<string, "postgres" | "mysql"> = { "postgres:": "postgres", "postgresql:": "postgres", "mysql:": "mysql" };

/** Query parameters with which a URL turns TLS off (libpq's sslmode, MySQL's ssl-mode / ssl). */
const TLS_OFF: readonly [string, RegExp][] = [
  ["sslmode", /^(disable|allow|prefer)$/i],
  ["ssl-mode", /^(disabled|preferred)$/i],
  ["ssl", /^(false|0)$/i],
];

/**
 * Hosts where an unencrypted connection never crosses a network: loopback, and the names Docker resolves
 * on the host itself (a container on the same network has a name without dots; host.docker.internal).
 */
export function isLocalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return (
    h === "localhost" ||
    h.endsWith(".localhost") ||
    /^127\.\d+\.\d+\.\d+$/.test(h) ||
    h === "::1" ||
    h === "host.docker.internal" ||
    /^[a-z0-9_-]+$/.test(h)
  );
}

/**
 * What is wrong with a database server URL for the backend (POSTGRES_URL / MYSQL_URL), as messages that
 * name the variable but never contain the URL or any part of its credentials. Empty when it is fine.
 * Used by synthesis and validate (when TF_VAR_database_url is set) and by the doctor.
 */
export function checkDatabaseUrl(url: string, options: DatabaseUrlOptions): string[] {
  const variable = secretEnvName("database_url");
  const form = `${options.kind ?? "postgres"}://USER:PASSWORD@HOST:PORT`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [`${variable} is not a URL; set it to ${form} (no database path)`];
  }
  const kind = SCHEMES[parsed.protocol];
  if (!kind) return [`${variable} must start with postgres://, postgresql:// or mysql://; set it to ${form}`];
  const where = `server ${parsed.hostname || "(no host)"}`;
  const problems: string[] = [];
  if (options.kind && kind !== options.kind) {
    problems.push(`${variable} (${where}) is a ${kind} URL but database.kind is "${options.kind}"; make them agree`);
  }
  if (!parsed.hostname) problems.push(`${variable} has no host; set it to ${form}`);
  if (!parsed.username) {
    problems.push(
      `${variable} (${where}) has no user name; the backend needs one (upstream requires it) - add USER@ before the host`,
    );
  }
  if (parsed.pathname !== "" && parsed.pathname !== "/") {
    problems.push(
      `${variable} (${where}) names a database in its path; the backend refuses that ("cluster url already contains db name"): it picks the database itself (the instance name with '-' as '_') - drop the path`,
    );
  }
  const tlsOff = TLS_OFF.find(([param, off]) => off.test(parsed.searchParams.get(param) ?? ""));
  if (tlsOff && options.requireSsl && parsed.hostname && !isLocalHost(parsed.hostname)) {
    problems.push(
      `${variable} (${where}) turns TLS off (${tlsOff[0]}=${parsed.searchParams.get(tlsOff[0])}) for a server reached over the network, while database.requireSsl is true; passwords and data would cross the network in clear - use TLS (drop ${tlsOff[0]}, give database.caFile for a private CA) or, if you accept that, say so with database.requireSsl: false`,
    );
  }
  return problems;
}
