import { SERVICES, runServiceScript } from "./services";

/** Stops, by the PIDs their scripts recorded, the services global-setup started (and only those). */
export default function globalTeardown(): void {
  const started = (process.env.CONVEX_TEST_STARTED_SERVICES ?? "").split(",");
  for (const service of [...SERVICES].reverse().filter((s) => started.includes(s))) {
    try {
      runServiceScript(`stop-${service}.sh`);
    } catch (error) {
      process.stderr.write(`teardown: stop-${service}.sh failed: ${(error as Error).message}\n`);
    }
  }
}
