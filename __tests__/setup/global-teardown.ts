import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { SERVICES, closeKept, runServiceScript } from "./services";
import { RUN_TMP_ROOT_ENV } from "./temp-dirs";

/**
 * Closes the forwarders global-setup kept, stops, by the PIDs their scripts recorded, the services global-setup started (and only those); then fails
 * the run if a test file left anything in its temporary directory (test-environment.ts removes each one that
 * its tests cleaned up), naming the file and what it left, and removes the run's temporary directory.
 */
export default async function globalTeardown(): Promise<void> {
  await closeKept();
  stopStartedServices();
  const root = process.env[RUN_TMP_ROOT_ENV];
  if (!root) return;
  const left = readdirSync(root).map(
    (dir) => `${dir.replace(/-[^-]+$/, "")}: ${readdirSync(join(root, dir)).join(", ")}`,
  );
  rmSync(root, { recursive: true, force: true });
  if (left.length > 0)
    throw new Error(
      `test files left temporary files behind (make them with tempDir() of __tests__/helpers/temp.ts, or remove them):\n${left.join("\n")}`,
    );
}

function stopStartedServices(): void {
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
