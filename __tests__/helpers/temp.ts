import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TEMP_DIRS_KEY, type TempDirRegistry } from "../setup/temp-dirs";

/**
 * A new empty directory for a test, under the test file's own temporary directory. It is removed once the
 * file's tests and hooks are done, passed or failed (setup/test-environment.ts), so a test need not.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const registry = globalThis as TempDirRegistry;
  (registry[TEMP_DIRS_KEY] ??= []).push(dir);
  return dir;
}
