import { SERVICES, closeKept, runServiceScript } from "./services";

/** Stops, by the PIDs their scripts recorded, the services global-setup started (and only those). */
export default async function globalTeardown(): Promise<void> {
  await closeKept();
  const started = (process.env.CONVEX_TEST_STARTED_SERVICES ?? "").split(",");
  for (const service of [...SERVICES].reverse().filter((s) => started.includes(s))) {
    try {
      // This run's pebble is found by its name (start-pebble.sh).
      runServiceScript(`stop-${service}.sh`, { PEBBLE_NAME: process.env.CONVEX_TEST_PEBBLE_NAME });
    } catch (error) {
      process.stderr.write(`teardown: stop-${service}.sh failed: ${(error as Error).message}\n`);
    }
  }
}
