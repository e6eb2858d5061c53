import { type PublicUrls } from "../constructs/domain";
import { CODER_ENV } from "./coder";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";

/** The three URLs of a workspace, and what each one is (rules public-urls-reachable and public-urls-distinct). */
export type UrlRole = keyof PublicUrls;
export const URL_ROLES: readonly UrlRole[] = ["backend", "site", "dashboard"];
export const URL_MEANING: Readonly<Record<UrlRole, string>> = {
  backend: "CONVEX_CLOUD_ORIGIN and the dashboard's NEXT_PUBLIC_DEPLOYMENT_URL",
  site: "CONVEX_SITE_ORIGIN (HTTP actions)",
  dashboard: "the dashboard",
};

/** Coder sets these for every process of a workspace. */
export function insideCoder(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env[CODER_ENV.workspace]) || env.CODER === "true";
}

/** Where a stated or Coder-derived URL comes from in the file, for a finding's path. */
export function urlPath(ws: ResolvedWorkspace, role: UrlRole): string {
  return ws.config.network.publicUrls ? `network.publicUrls.${role}` : `network.coder.apps.${role}`;
}
