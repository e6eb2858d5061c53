import { createConnection } from "mysql2/promise";
import { checkDatabaseUrl, DATABASE_URL_VARIABLE as URL_VARIABLE } from "../config/database-url";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import { readTextFile } from "../config/text-file";
import { backendPostgresConnection, databaseNameFor, emittedPostgresUrl } from "../constructs/domain";
import { type CheckResult, TIMEOUTS, errorText, fail, pass, skip, warn } from "../probes/check";
import { connectLikeBackend } from "./postgres-connection";

/** A CA bundle (a whole system trust store included) is well under this. */
const MAX_CA_FILE_BYTES = 16 * 1024 * 1024;

/** What the backend will connect with: the server from TF_VAR_database_url (printed as host:port only). */
interface Server {
  readonly kind: "postgres" | "mysql";
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly requireSsl: boolean;
  /** CA bundle, when the workspace names one and it is readable here. */
  readonly ca?: string;
}

/** Database URL well-formed, server reachable with TLS as configured, and the derived database present. */
export async function databaseChecks(ws: ResolvedWorkspace, env: NodeJS.ProcessEnv): Promise<CheckResult[]> {
  const database = ws.config.database;
  if (database.kind === "sqlite") return [skip("database", "sqlite, inside the data volume: no server to check")];
  const raw = env[URL_VARIABLE];
  const form = `${database.kind}://USER:PASSWORD@HOST:PORT (no database path)`;
  if (!raw)
    return [fail("database: url", `${URL_VARIABLE} is not set: the deploy reads it`, `export ${URL_VARIABLE}=${form}`)];
  // The same check as validate and synthesis (rule database-url): what is wrong and the fix, never quoting the URL.
  const problems = checkDatabaseUrl(raw, { requireSsl: database.requireSsl, kind: database.kind });
  if (problems.length > 0) {
    return [
      fail(
        "database: url",
        problems.map((p) => p.info).join("; "),
        `${problems.map((p) => p.fix).join("; ")} (the form is ${form})`,
      ),
    ];
  }
  const url = new URL(raw);
  const defaultPort = database.kind === "postgres" ? 5432 : 3306;
  const where = `${url.hostname}:${url.port || defaultPort}`;
  const results: CheckResult[] = [];
  if (database.host && database.host !== url.hostname) {
    results.push(
      warn(
        "database: url",
        `${URL_VARIABLE} points at ${where}, but database.host says ${database.host}`,
        `make database.host in ${ws.file} and the URL agree`,
      ),
    );
  } else {
    results.push(pass("database: url", `${database.kind} server ${where}, with a user name and no database path`));
  }
  let ca: string | undefined;
  if (database.caFile) {
    // A named pipe or a device there must not hang the doctor: only a regular file is read.
    const file = readTextFile(database.caFile, MAX_CA_FILE_BYTES);
    if (file.ok) ca = file.text;
    else
      results.push(
        warn(
          "database: caFile",
          `${database.caFile} ${file.reason} here: TLS is checked against this machine's trust store instead`,
        ),
      );
  }
  const server: Server = {
    kind: database.kind,
    host: url.hostname,
    port: Number(url.port || defaultPort),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    requireSsl: database.requireSsl,
    ca,
  };
  const name = databaseNameFor(ws.instanceName);
  let exists: boolean;
  let transport: string;
  try {
    if (server.kind === "postgres") {
      // The URL exactly as the stack emits it, read exactly as the backend reads it.
      const connection = backendPostgresConnection(emittedPostgresUrl(raw, database.requireSsl), {
        requireSsl: database.requireSsl,
        instanceName: ws.instanceName,
      });
      if (connection.kind === "refused")
        return [
          ...results,
          fail("database: connection", `the backend would not start: ${connection.why}`, `correct ${URL_VARIABLE}`),
        ];
      const outcome = await connectLikeBackend(connection, ca, TIMEOUTS.database);
      exists = outcome.exists;
      transport = `over ${outcome.transport}, as the backend will (sslmode=${connection.sslMode}: ${database.requireSsl ? "database.requireSsl" : "database.requireSsl is false"})`;
    } else {
      exists = await mysqlHas(server, name);
      transport = server.requireSsl
        ? "with TLS, certificate verified (database.requireSsl)"
        : "without TLS (database.requireSsl is false)";
    }
  } catch (error) {
    results.push(connectionFailure(ws, server, where, error));
    return results;
  }
  results.push(pass("database: connection", `connected to ${where} ${transport}`));
  const create = server.kind === "postgres" ? `CREATE DATABASE "${name}"` : `CREATE DATABASE \`${name}\``;
  results.push(
    exists
      ? pass("database: exists", `${name} exists on ${where}`)
      : fail(
          "database: exists",
          `${name} does not exist on ${where}; the backend uses the instance name "${ws.instanceName}" with '-' as '_' and does not create it`,
          `create it before deploying: ${create}`,
        ),
  );
  return results;
}

/** MySQL: TLS with the certificate verified (against caFile when given), or none when requireSsl is false. */
function verifiedTls(server: Server): { rejectUnauthorized: true; ca?: string } | undefined {
  return server.requireSsl ? { rejectUnauthorized: true, ...(server.ca ? { ca: server.ca } : {}) } : undefined;
}

async function mysqlHas(server: Server, name: string): Promise<boolean> {
  const connection = await createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    ssl: verifiedTls(server),
    connectTimeout: TIMEOUTS.database,
  });
  try {
    const [rows] = await connection.query(
      { sql: "SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = ?", timeout: TIMEOUTS.database },
      [name],
    );
    return (rows as unknown[]).length === 1;
  } finally {
    await connection.end().catch(() => undefined);
  }
}

function connectionFailure(ws: ResolvedWorkspace, server: Server, where: string, error: unknown): CheckResult {
  const text = errorText(error);
  const check = "database: connection";
  if (/does not support SSL|HANDSHAKE_NO_SSL_SUPPORT/i.test(text)) {
    return fail(
      check,
      `${where} does not offer TLS, and database.requireSsl is true: the backend would refuse to connect`,
      `turn TLS on at the server, or set "requireSsl": false in "database" of ${ws.file} (emits DO_NOT_REQUIRE_SSL=true)`,
    );
  }
  if (/certificate|self.signed|CERT_|unable to verify/i.test(text)) {
    return fail(
      check,
      `TLS to ${where} failed: ${text}`,
      `give the CA that signed the server's certificate as database.caFile in ${ws.file}, or connect without TLS: "requireSsl": false`,
    );
  }
  if (/password authentication failed|Access denied|no pg_hba.conf entry/i.test(text)) {
    return fail(
      check,
      `${where} refused the login: ${text}`,
      `check the user and password in ${URL_VARIABLE} and the server's access rules`,
    );
  }
  return fail(
    check,
    `cannot connect to ${where}: ${text}`,
    `start the ${server.kind} server, or correct the host and port in ${URL_VARIABLE}`,
  );
}
