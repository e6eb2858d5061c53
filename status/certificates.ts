import { connect } from "node:tls";
import { doorUrlOf } from "../constructs/domain";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";

/*
 * The front door's certificates as a client receives them: a TLS handshake with each URL's host name (SNI) on
 * the door's HTTPS port, the certificate read, the connection closed. Trust is not judged here (a private CA's
 * root is the clients' business); the dates are what tell that Caddy stopped renewing.
 */

/** Caddy renews a certificate when a third of its lifetime is left (certmagic's default RenewalWindowRatio). */
const RENEWAL_SHARE = 1 / 3;
/** A certificate with less than this left has not been renewed in time: the 14 days. */
const WARN_BEFORE_MS = 14 * 86_400_000;
const HANDSHAKE_TIMEOUT_MS = 10_000;

/** One URL's certificate. */
export interface CertificateState {
  readonly role: "backend" | "site" | "dashboard";
  readonly host: string;
  readonly validFrom?: Date;
  readonly expiresAt?: Date;
  /** Less time left than this is a problem: 14 days, or a third of a shorter lifetime (Caddy's own CA: 12 h). */
  readonly warnBeforeMs?: number;
  /** Why it could not be read. */
  readonly unknown?: string;
}

/**
 * Where the door answers: on the Docker host itself its bind address (loopback for 0.0.0.0); an engine elsewhere
 * is reached at the URL's host, as clients reach it.
 */
function addressOf(ws: ResolvedWorkspace, host: string): string {
  if (!ws.config.docker.host.startsWith("unix://")) return host;
  const bind = ws.config.proxy!.bindAddress;
  return bind === "0.0.0.0" ? "127.0.0.1" : bind === "::" ? "::1" : bind;
}

function certificateOf(address: string, port: number, host: string): Promise<{ validFrom: Date; expiresAt: Date }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port, servername: host, rejectUnauthorized: false });
    socket.setTimeout(HANDSHAKE_TIMEOUT_MS, () =>
      socket.destroy(new Error(`no TLS answer within ${HANDSHAKE_TIMEOUT_MS / 1000} s`)),
    );
    socket.once("secureConnect", () => {
      const certificate = socket.getPeerCertificate();
      socket.end();
      const validFrom = new Date(certificate.valid_from);
      const expiresAt = new Date(certificate.valid_to);
      if (Number.isNaN(validFrom.getTime()) || Number.isNaN(expiresAt.getTime()))
        reject(new Error("the door presented no certificate with dates"));
      else resolve({ validFrom, expiresAt });
    });
    socket.once("error", reject);
  });
}

/** Each URL's certificate, read from the running door; undefined for a workspace without one. */
export async function doorCertificates(ws: ResolvedWorkspace): Promise<CertificateState[] | undefined> {
  const proxy = ws.config.proxy;
  if (!proxy) return undefined;
  const port = proxy.ports.https;
  return Promise.all(
    (["backend", "site", "dashboard"] as const).map(async (role): Promise<CertificateState> => {
      const host = doorUrlOf(ws.urls[role])?.host ?? ws.urls[role];
      try {
        const { validFrom, expiresAt } = await certificateOf(addressOf(ws, host), port, host);
        const lifetime = expiresAt.getTime() - validFrom.getTime();
        return { role, host, validFrom, expiresAt, warnBeforeMs: Math.min(WARN_BEFORE_MS, lifetime * RENEWAL_SHARE) };
      } catch (error) {
        return { role, host, unknown: (error instanceof Error ? error.message : String(error)).split("\n")[0] };
      }
    }),
  );
}
