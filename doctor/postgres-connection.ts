import { connect } from "node:net";
import { type PeerCertificate, checkServerIdentity, rootCertificates } from "node:tls";
import { Client } from "pg";
import { type BackendPostgresConnection, PostgresSslMode } from "../constructs/domain";

/*
 * Connects to PostgreSQL the way the backend will (constructs/domain/postgres-tls.ts has what it does and
 * where upstream does it): the sslmode it ends up with, TLS negotiated exactly when that mode negotiates it,
 * the certificate verified as rustls verifies it, and the instance's own database opened. So the doctor's
 * verdict is the backend's.
 */

/** The PostgreSQL protocol's SSLRequest: length 8, code 80877103 (protocol docs, "SSL Session Encryption"). */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

/** Whether the server answers an SSLRequest with 'S' (it will do TLS) or 'N' (it will not). */
function serverOffersTls(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const done = (error: Error | undefined, offers?: boolean) => {
      socket.destroy();
      if (error) reject(error);
      else resolve(offers!);
    };
    socket.setTimeout(timeoutMs, () => done(new Error(`no answer within ${timeoutMs / 1000} s`)));
    socket.once("error", (error) => done(error));
    socket.once("connect", () => socket.write(SSL_REQUEST));
    socket.once("data", (data) => {
      const answer = String.fromCharCode(data[0]);
      if (answer === "S" || answer === "N") done(undefined, answer === "S");
      else done(new Error(`the server answered the TLS request with "${answer}", not a PostgreSQL server`));
    });
  });
}

/**
 * rustls (crates/postgres/src/lib.rs:420-452 at a9a760ca) checks the host name against the certificate's
 * subjectAltName only, and refuses a CA certificate as the server's own (webpki's CaUsedAsEndEntity), which
 * OpenSSL, and so Node, accept: a self-signed certificate made with `openssl req -x509` is such a CA.
 */
function checkLikeRustls(host: string, cert: PeerCertificate): Error | undefined {
  if (cert.ca) {
    return new Error(
      "the server's certificate is a CA certificate (basicConstraints CA:TRUE); the backend's TLS library (rustls) refuses that as a server certificate (CaUsedAsEndEntity): give the server a certificate signed by that CA",
    );
  }
  if (!cert.subjectaltname)
    return new Error(
      `the server's certificate names no subjectAltName; the backend's TLS library (rustls) ignores the CN and cannot match ${host}`,
    );
  return checkServerIdentity(host, cert);
}

export interface PostgresOutcome {
  /** How the connection was made: "TLS, certificate verified" or "plain text". */
  readonly transport: string;
  /** The instance's database exists (the login was accepted either way). */
  readonly exists: boolean;
}

/** Opens the backend's connection: the sslmode it ends with, the roots it trusts, the database it uses. */
export async function connectLikeBackend(
  connection: Extract<BackendPostgresConnection, { kind: "connection" }>,
  caFile: string | undefined,
  timeoutMs: number,
): Promise<PostgresOutcome> {
  let tls = false;
  if (connection.sslMode !== PostgresSslMode.DISABLE) {
    tls = await serverOffersTls(connection.host, connection.port, timeoutMs);
    if (!tls && connection.sslMode === PostgresSslMode.REQUIRE)
      throw new Error("The server does not support SSL connections");
  }
  const client = new Client({
    host: connection.host,
    port: connection.port,
    user: connection.user,
    password: connection.password,
    database: connection.database,
    // The image's own roots plus PG_CA_FILE, as the backend adds them (Node's `ca` replaces its roots, so both are given).
    ssl: tls
      ? {
          rejectUnauthorized: true,
          ca: [...rootCertificates, ...(caFile ? [caFile] : [])],
          checkServerIdentity: checkLikeRustls,
        }
      : false,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  // A failed connect also emits "error"; without a listener that would crash the process.
  client.on("error", () => undefined);
  const transport = tls ? "TLS, certificate verified" : "plain text";
  try {
    await client.connect();
    return { transport, exists: true };
  } catch (error) {
    // invalid_catalog_name: checked after the login, so the credentials were accepted.
    if ((error as { code?: unknown }).code === "3D000") return { transport, exists: false };
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}
