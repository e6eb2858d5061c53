import { SERVICE_ENV, SERVICES, runServiceScript } from "./services";

/**
 * Starts every real service the integration tests use; a service that cannot start fails the run loudly.
 * A service that was already running (a developer's, or another run's) is used and left running.
 */
export default function globalSetup(): void {
  runServiceScript("ensure-packages.sh");
  const url = { rgw: new URL(SERVICE_ENV.CONVEX_TEST_RGW_ENDPOINT), pg: new URL(SERVICE_ENV.CONVEX_TEST_PG_URL) };
  const scriptEnv = {
    RGW_PORT: url.rgw.port,
    RGW_ACCESS_KEY: SERVICE_ENV.CONVEX_TEST_RGW_ACCESS_KEY,
    RGW_SECRET_KEY: SERVICE_ENV.CONVEX_TEST_RGW_SECRET_KEY,
    PG_PORT: url.pg.port,
    PG_USER: url.pg.username,
    PG_PASSWORD: url.pg.password,
  };
  const started = SERVICES.filter(
    (service) => !/already|not managed/.test(runServiceScript(`start-${service}.sh`, scriptEnv)),
  );
  const tfConfig = runServiceScript("terraform-cli-config.sh").split("\n").pop()!;
  // globalTeardown runs in this same process: it stops only what this run started.
  Object.assign(process.env, SERVICE_ENV, {
    TF_CLI_CONFIG_FILE: tfConfig,
    CHECKPOINT_DISABLE: "1",
    CONVEX_TEST_STARTED_SERVICES: started.join(","),
  });
}
