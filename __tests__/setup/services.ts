import { execFileSync } from "node:child_process";
import { join } from "node:path";
import type { GatewayService } from "../helpers/gateway";

/**
 * The real services integration tests run against, started once for the whole suite by
 * global-setup.ts and stopped by PID in global-teardown.ts. Tests read these variables.
 */
export const SERVICE_ENV = {
  TF_CLI_CONFIG_FILE: "", // filled from scripts/services/terraform-cli-config.sh
  CONVEX_TEST_RGW_ENDPOINT: "http://127.0.0.1:7480",
  /** The RGW on 127.0.0.1, for a test about a loopback endpoint (CONVEX_TEST_RGW_ENDPOINT is the gateway's). */
  CONVEX_TEST_RGW_LOOPBACK_ENDPOINT: "",
  CONVEX_TEST_RGW_ACCESS_KEY: "testaccesskey",
  CONVEX_TEST_RGW_SECRET_KEY: "testsecretkey",
  // Throw-away credentials of a throw-away local cluster; no database path (upstream refuses one).
  CONVEX_TEST_PG_URL: "postgres://convex:testpassword@127.0.0.1:54329",
};

/** In start order; stopped in reverse. */
export const SERVICES = ["docker", "rgw", "postgres", "pebble"] as const;

const ROOT = join(__dirname, "..", "..");

export function runServiceScript(script: string, env: NodeJS.ProcessEnv = {}): string {
  return execFileSync("bash", [join(ROOT, "scripts", "services", script)], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
}

/*
 * What global-setup opens for the whole run (forwarders to services that do not listen on the gateway) and
 * global-teardown closes. Kept on globalThis: jest may load the two setup modules as separate instances.
 */
const KEPT = Symbol.for("convex-stack.test-services.kept");
const kept = (): GatewayService[] => ((globalThis as Record<symbol, GatewayService[]>)[KEPT] ??= []);

export function keepUntilTeardown(service: GatewayService): GatewayService {
  kept().push(service);
  return service;
}

export async function closeKept(): Promise<void> {
  for (const service of kept().splice(0)) await service.close();
}
