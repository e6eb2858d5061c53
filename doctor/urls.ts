import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import { printable } from "../constructs/domain";
import { type CheckResult, TIMEOUTS, errorText, pass, warn } from "../probes/check";

/** If the backend is up, its public URL must answer GET /version; no answer just means "not deployed yet". */
export async function urlChecks(ws: ResolvedWorkspace): Promise<CheckResult[]> {
  const check = "backend url";
  const url = `${ws.urls.backend}/version`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUTS.url), redirect: "manual" });
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause ?? error;
    return [warn(check, `${url} does not answer (${errorText(cause)}): not deployed yet, or not reachable from here`)];
  }
  // Whatever answers at that URL: its first bytes only, quoted as printable() shows them.
  const body = (await firstBytes(response, 4096)).trim();
  if (response.ok)
    return [pass(check, `${url} answers ${response.status}: ${body ? printable(body, { maxLength: 80 }) : "(empty)"}`)];
  return [
    warn(
      check,
      `${url} answers HTTP ${response.status}, not a Convex backend's /version`,
      "check that the URL (and the proxy or Coder app behind it) leads to the backend's port 3210",
    ),
  ];
}

/** Up to `maxBytes` of a response's body as text (a backend's /version is a line); the rest is never read. */
async function firstBytes(response: Response, maxBytes: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    while (length < maxBytes) {
      const { done, value } = (await reader.read()) as { done: boolean; value?: Uint8Array };
      if (done || !value) break;
      chunks.push(value);
      length += value.length;
    }
  } catch {
    // A body cut short says what it said so far.
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString("utf8");
}
