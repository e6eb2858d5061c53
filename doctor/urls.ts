import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
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
  const body = (await response.text().catch(() => "")).trim().slice(0, 80);
  if (response.ok) return [pass(check, `${url} answers ${response.status}: ${body || "(empty)"}`)];
  return [
    warn(
      check,
      `${url} answers HTTP ${response.status}, not a Convex backend's /version`,
      "check that the URL (and the proxy or Coder app behind it) leads to the backend's port 3210",
    ),
  ];
}
