import { databaseNameFor } from "./names";

/*
 * How the backend connects to PostgreSQL, read at a9a760ca, so that the stack emits what works and the
 * doctor connects exactly as the backend will:
 * - crates/clusters/src/lib.rs:34-38 wants a user name; :55-60 refuses a database path and sets the path to
 *   the instance name with '-' as '_'; :39-44 appends `sslmode=require` when TLS is required (that is,
 *   unless DO_NOT_REQUIRE_SSL is set, run_backend.sh:70, crates/local_backend/src/main.rs:114).
 * - crates/postgres/src/lib.rs:272-274 parses the URL with tokio-postgres (get-convex's fork of
 *   rust-postgres at 5751201b, Cargo.toml:273), which applies query parameters in order, so the last
 *   `sslmode` wins; it knows only disable, prefer and require and refuses any other value ("invalid value
 *   for option `sslmode`"); without one it uses prefer (rust-postgres tokio-postgres/src/config.rs, Config::new
 *   and Config::param).
 * - prefer and require both negotiate TLS when the server offers it, and verify the server's certificate
 *   and host name against the system's roots plus PG_CA_FILE (crates/postgres/src/lib.rs:420-452, rustls);
 *   a failed handshake is an error, never a fall back to plain text. So DO_NOT_REQUIRE_SSL alone still fails
 *   against a server with a self-signed certificate (https://github.com/get-convex/convex-backend/issues/354; its maintainers advise
 *   `sslmode=disable` in the URL: https://github.com/get-convex/convex-backend/pull/353).
 */

/** What the stack appends to POSTGRES_URL when TLS is not required: upstream's advice (https://github.com/get-convex/convex-backend/pull/353). */
export const POSTGRES_TLS_OFF_PARAMETER = "sslmode=disable";

/** What the backend appends when TLS is required (crates/clusters/src/lib.rs:40-44). */
const POSTGRES_TLS_REQUIRED_PARAMETER = "sslmode=require";

/** The TLS modes the backend's PostgreSQL client knows. */
export enum PostgresSslMode {
  /** Plain text only. */
  DISABLE = "disable",
  /** TLS, verified, when the server offers it; plain text when it does not. */
  PREFER = "prefer",
  /** TLS, verified; a server without TLS is refused. */
  REQUIRE = "require",
}

/**
 * The URL the stack gives the backend. Without required TLS it appends POSTGRES_TLS_OFF_PARAMETER after
 * whatever the URL holds, so it is the last `sslmode`. ConvexBackend emits the same as a Terraform
 * expression over the sensitive variable (constructs/database.ts); a test evaluates both.
 */
export function emittedPostgresUrl(url: string, requireSsl: boolean): string {
  return requireSsl ? url : `${url}${url.includes("?") ? "&" : "?"}${POSTGRES_TLS_OFF_PARAMETER}`;
}

/** The connection the backend makes from an emitted POSTGRES_URL, or why it would refuse to start. */
export type BackendPostgresConnection =
  | {
      readonly kind: "connection";
      readonly host: string;
      readonly port: number;
      readonly user: string;
      readonly password: string;
      /** The database the backend opens: the instance name with '-' as '_'. */
      readonly database: string;
      readonly sslMode: PostgresSslMode;
    }
  | { readonly kind: "refused"; readonly why: string };

const MODES = new Set<string>(Object.values(PostgresSslMode));

/** What the backend does with the POSTGRES_URL it is given (as emittedPostgresUrl makes it). */
export function backendPostgresConnection(
  emittedUrl: string,
  options: { readonly requireSsl: boolean; readonly instanceName: string },
): BackendPostgresConnection {
  let url: URL;
  try {
    url = new URL(emittedUrl);
  } catch {
    return { kind: "refused", why: "POSTGRES_URL is not a URL" };
  }
  if (!url.username)
    return {
      kind: "refused",
      why: 'the backend refuses a URL without a user name ("cluster url username must be set")',
    };
  if (url.pathname !== "" && url.pathname !== "/")
    return {
      kind: "refused",
      why: 'the backend refuses a URL with a database path ("cluster url already contains db name")',
    };
  const query = [...url.searchParams];
  if (options.requireSsl) query.push(POSTGRES_TLS_REQUIRED_PARAMETER.split("=") as [string, string]);
  let sslMode = PostgresSslMode.PREFER;
  for (const [name, value] of query) {
    if (name !== "sslmode") continue;
    if (!MODES.has(value))
      return {
        kind: "refused",
        why: `the backend's PostgreSQL client refuses sslmode=${value} ("invalid value for option \`sslmode\`"); it knows disable, prefer and require`,
      };
    sslMode = value as PostgresSslMode;
  }
  return {
    kind: "connection",
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: databaseNameFor(options.instanceName),
    sslMode,
  };
}
