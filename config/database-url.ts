import { POSTGRES_TLS_OFF_PARAMETER, secretEnvName } from "../constructs/domain";
import { isLoopbackHost } from "./loopback";

/** Where the database URL comes from: a sensitive variable, never the workspace file. */
export const DATABASE_URL_VARIABLE = secretEnvName("database_url");

export interface DatabaseUrlOptions {
  /** The workspace's `database.requireSsl` (true unless the file says false). */
  readonly requireSsl: boolean;
  /** The workspace's `database.kind`; when given, the URL's scheme must match it. @default any of them */
  readonly kind?: "postgres" | "mysql";
}

const SCHEMES: Record<string, "postgres" | "mysql"> = {
  "postgres:": "postgres",
  "postgresql:": "postgres",
  "mysql:": "mysql",
};

/** MySQL query parameters with which a URL turns TLS off (ssl-mode / ssl). PostgreSQL's sslmode: below. */
const MYSQL_TLS_OFF: readonly [string, RegExp][] = [
  ["ssl-mode", /^(disabled|preferred)$/i],
  ["ssl", /^(false|0)$/i],
];

/**
 * Hosts where an unencrypted MySQL connection never crosses a network: loopback, and the names Docker
 * resolves on the host itself (a container on the same network has a name without dots; host.docker.internal).
 */
function isLocalHost(host: string): boolean {
  const h = host.toLowerCase();
  return isLoopbackHost(h) || h === "host.docker.internal" || /^[a-z0-9_-]+$/.test(h);
}

/** One thing wrong with a database server URL: what, and what to do. Neither ever quotes the URL. */
export interface DatabaseUrlProblem {
  readonly info: string;
  readonly fix: string;
}

/**
 * What is wrong with a database server URL for the backend (POSTGRES_URL / MYSQL_URL), naming the variable
 * but never the URL or any part of its credentials. Empty when it is fine. Used by synthesis and validate
 * (rule database-url, when TF_VAR_database_url is set) and by the doctor.
 */
export function checkDatabaseUrl(url: string, options: DatabaseUrlOptions): DatabaseUrlProblem[] {
  const variable = secretEnvName("database_url");
  const form = `${options.kind ?? "postgres"}://USER:PASSWORD@HOST:PORT`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [{ info: `${variable} is not a URL`, fix: `set it to ${form} (no database path)` }];
  }
  const kind = SCHEMES[parsed.protocol];
  if (!kind)
    return [{ info: `${variable} must start with postgres://, postgresql:// or mysql://`, fix: `set it to ${form}` }];
  const where = `server ${parsed.hostname || "(no host)"}`;
  const problems: DatabaseUrlProblem[] = [];
  if (options.kind && kind !== options.kind) {
    problems.push({
      info: `${variable} (${where}) is a ${kind} URL but database.kind is "${options.kind}"`,
      fix: "make them agree",
    });
  }
  if (!parsed.hostname) problems.push({ info: `${variable} has no host`, fix: `set it to ${form}` });
  if (!parsed.username) {
    problems.push({
      info: `${variable} (${where}) has no user name; the backend needs one ("cluster url username must be set")`,
      fix: "add USER@ before the host",
    });
  }
  if (parsed.pathname !== "" && parsed.pathname !== "/") {
    problems.push({
      info: `${variable} (${where}) names a database in its path; the backend refuses that ("cluster url already contains db name"): it picks the database itself (the instance name with '-' as '_')`,
      fix: "drop the path",
    });
  }
  // PostgreSQL: database.requireSsl decides TLS, and the backend's client takes the last sslmode
  // (constructs/domain/postgres-tls.ts), so one in the URL never does what it says.
  const sslmode = kind === "postgres" ? parsed.searchParams.get("sslmode") : null;
  if (sslmode !== null && sslmode !== (options.requireSsl ? "require" : "disable")) {
    const appended = options.requireSsl
      ? "the backend appends sslmode=require (crates/clusters/src/lib.rs:40-44 at a9a760ca), so TLS stays required and the certificate verified"
      : `with database.requireSsl false the stack appends ${POSTGRES_TLS_OFF_PARAMETER} (upstream's advice: https://github.com/get-convex/convex-backend/pull/353), so the connection is plain text`;
    const invalid = /^(disable|prefer|require)$/.test(sslmode)
      ? ""
      : ` (worse: the backend's PostgreSQL client knows only disable, prefer and require, and would refuse to start: "invalid value for option \`sslmode\`")`;
    problems.push({
      info: `${variable} (${where}) sets sslmode=${sslmode}, which does not do what it says: the last sslmode wins, and ${appended}${invalid}`,
      fix: "drop sslmode from the URL; database.requireSsl alone decides (true: TLS required and verified, with database.caFile for a private CA; false: no TLS)",
    });
  }
  const tlsOff =
    kind === "mysql" ? MYSQL_TLS_OFF.find(([param, off]) => off.test(parsed.searchParams.get(param) ?? "")) : undefined;
  if (tlsOff && options.requireSsl && parsed.hostname && !isLocalHost(parsed.hostname)) {
    problems.push({
      info: `${variable} (${where}) turns TLS off (${tlsOff[0]}=${parsed.searchParams.get(tlsOff[0])}) for a server reached over the network, while database.requireSsl is true; passwords and data would cross the network in clear`,
      fix: `use TLS (drop ${tlsOff[0]}, give database.caFile for a private CA) or, if you accept that, say so with database.requireSsl: false`,
    });
  }
  if (parsed.hash)
    problems.push({
      info: `${variable} (${where}) has a #fragment, which would swallow what the backend appends to the URL`,
      fix: "drop it",
    });
  return problems;
}
