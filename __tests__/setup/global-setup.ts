import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../helpers/doctor";
import { fromContainers } from "../helpers/gateway";
import { SERVICE_ENV, SERVICES, keepUntilTeardown, runServiceScript } from "./services";
import { RUN_TMP_ROOT_ENV } from "./temp-dirs";

/**
 * Starts every real service the integration tests use; a service that cannot start fails the run loudly.
 * A service that was already running (a developer's, or another run's) is used and left running.
 * The tests get each service at the address the containers a drill starts reach it by (the Docker bridge's
 * gateway), which this machine's own clients reach too: a workspace may not give a loopback address for
 * what its containers use. pebble is this run's own: its challenge ports are the ports this run's front door
 * listens on, chosen free here.
 */
export default async function globalSetup(): Promise<void> {
  runServiceScript("ensure-packages.sh");
  const url = { rgw: new URL(SERVICE_ENV.CONVEX_TEST_RGW_ENDPOINT), pg: new URL(SERVICE_ENV.CONVEX_TEST_PG_URL) };
  const [acme, management, http, tls, dns, dnsManagement] = await freePorts(6);
  const pebbleName = `pebble-${process.pid}`;
  const scriptEnv = {
    RGW_PORT: url.rgw.port,
    RGW_ACCESS_KEY: SERVICE_ENV.CONVEX_TEST_RGW_ACCESS_KEY,
    RGW_SECRET_KEY: SERVICE_ENV.CONVEX_TEST_RGW_SECRET_KEY,
    PG_PORT: url.pg.port,
    PG_USER: url.pg.username,
    PG_PASSWORD: url.pg.password,
    PEBBLE_NAME: pebbleName,
    PEBBLE_ACME_PORT: String(acme),
    PEBBLE_MANAGEMENT_PORT: String(management),
    PEBBLE_HTTP_PORT: String(http),
    PEBBLE_TLS_PORT: String(tls),
    PEBBLE_DNS_PORT: String(dns),
    PEBBLE_DNS_MANAGEMENT_PORT: String(dnsManagement),
  };
  const outputs = new Map(SERVICES.map((service) => [service, runServiceScript(`start-${service}.sh`, scriptEnv)]));
  const started = SERVICES.filter((service) => !/already|not managed/.test(outputs.get(service)!));
  const pebble = Object.fromEntries(
    [...outputs.get("pebble")!.matchAll(/^([A-Z_]+)=(.*)$/gm)].map(([, key, value]) => [key, value]),
  );
  const tfConfig = runServiceScript("terraform-cli-config.sh").split("\n").pop()!;
  for (const [key, service] of [
    ["rgw", url.rgw],
    ["pg", url.pg],
  ] as const) {
    if (key === "rgw") SERVICE_ENV.CONVEX_TEST_RGW_LOOPBACK_ENDPOINT = service.origin;
    const reached = keepUntilTeardown(await fromContainers(Number(service.port)));
    service.hostname = reached.host;
    service.port = String(reached.port);
    if (key === "rgw") SERVICE_ENV.CONVEX_TEST_RGW_ENDPOINT = service.origin;
    else SERVICE_ENV.CONVEX_TEST_PG_URL = service.href.replace(/\/$/, "");
  }
  // globalTeardown runs in this same process: it stops only what this run started.
  Object.assign(process.env, SERVICE_ENV, {
    TF_CLI_CONFIG_FILE: tfConfig,
    CHECKPOINT_DISABLE: "1",
    CONVEX_TEST_STARTED_SERVICES: started.join(","),
    // Every test file's temporary directory goes in here (test-environment.ts); global-teardown.ts checks it is empty.
    [RUN_TMP_ROOT_ENV]: mkdtempSync(join(tmpdir(), "convex-stack-test-run-")),
    CONVEX_TEST_PEBBLE_NAME: pebbleName,
    CONVEX_TEST_PEBBLE_DIRECTORY: pebble.PEBBLE_DIRECTORY,
    CONVEX_TEST_PEBBLE_CA_ROOT_FILE: pebble.PEBBLE_CA_ROOT_FILE,
    CONVEX_TEST_PEBBLE_MANAGEMENT: pebble.PEBBLE_MANAGEMENT,
    CONVEX_TEST_CHALLTESTSRV_MANAGEMENT: pebble.CHALLTESTSRV_MANAGEMENT,
    CONVEX_TEST_PEBBLE_HTTP_PORT: String(http),
    CONVEX_TEST_PEBBLE_TLS_PORT: String(tls),
  });
}

/** `count` distinct TCP ports that nothing listens on right now. */
async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}
