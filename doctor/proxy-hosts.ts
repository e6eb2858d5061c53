import { lookup } from "node:dns/promises";
import { doorUrlOf } from "../constructs/domain";
import { URL_ROLES } from "../config/public-urls";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import { type CheckResult, TIMEOUTS, errorText, pass, skip, warn } from "../probes/check";

/**
 * Behind a front door, each URL's host must resolve to the Docker host: the ACME CA connects to the door
 * under that name to validate it, and so do clients. The doctor can only say what the name resolves to from
 * here (the operator knows whether that is the Docker host as the internet sees it), and says so as a
 * warning when it does not resolve at all.
 */
export async function proxyHostChecks(ws: ResolvedWorkspace): Promise<CheckResult[]> {
  const urls = ws.config.proxy ? ws.config.network.publicUrls : undefined;
  if (!urls) return [];
  return Promise.all(
    URL_ROLES.map(async (role): Promise<CheckResult> => {
      const check = `proxy host: ${role}`;
      const parts = doorUrlOf(urls[role]);
      if (parts?.hostKind !== "name") return skip(check, `${urls[role]} names no host to resolve`);
      try {
        const found = await resolveWithin(parts.host, TIMEOUTS.dns);
        return pass(
          check,
          `${parts.host} resolves to ${found.join(", ")} (from here): it must be the Docker host's address as the CA and clients reach it`,
        );
      } catch (error) {
        // The resolver's code (ENOTFOUND, EAI_AGAIN) says it; its message would repeat the name.
        const { code } = error as { code?: unknown };
        return warn(
          check,
          `${parts.host} does not resolve from here (${typeof code === "string" ? code : errorText(error)}): the CA cannot validate it, so the door gets no certificate for it, and clients cannot reach it`,
          `point an A (or AAAA) record for ${parts.host} at the Docker host's public address`,
        );
      }
    }),
  );
}

/** The addresses of a name, or the resolver's error; a resolver that does not answer in time is an error too. */
async function resolveWithin(host: string, milliseconds: number): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${milliseconds / 1000} s`)), milliseconds);
  });
  try {
    const answers = await Promise.race([lookup(host, { all: true }), timeout]);
    return answers.map((answer) => answer.address);
  } finally {
    clearTimeout(timer);
  }
}
