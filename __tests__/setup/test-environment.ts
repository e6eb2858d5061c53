import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { TestEnvironment } from "jest-environment-node";
import { RUN_TMP_ROOT_ENV, TEMP_DIRS_KEY, TOOL_OUTPUT, type TempDirRegistry } from "./temp-dirs";

/**
 * Node's environment, with a temporary directory of the test file's own inside the run's
 * (global-setup.ts): TMPDIR points there while the file runs, so os.tmpdir(), cdktf's Testing.app() and
 * the commands the tests start all write there. Once the file's tests and hooks are done, passed or failed,
 * it removes what the tests made with tempDir() (helpers/temp.ts) and what tools leave there on their own
 * (TOOL_OUTPUT), then the directory itself. Anything else was left by a test: it stays, named after the
 * test file, for global-teardown.ts to report.
 */
export default class TestEnvironmentWithTempDir extends TestEnvironment {
  private readonly tmp: string;

  constructor(...args: ConstructorParameters<typeof TestEnvironment>) {
    const tmp = mkdtempSync(join(process.env[RUN_TMP_ROOT_ENV] ?? tmpdir(), `${basename(args[1].testPath)}-`));
    // Before super(): the test file's process.env is a copy of the worker's, taken there.
    process.env.TMPDIR = tmp;
    super(...args);
    this.tmp = tmp;
  }

  override async teardown(): Promise<void> {
    const made = (this.global as TempDirRegistry)[TEMP_DIRS_KEY] ?? [];
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
    for (const entry of readdirSync(this.tmp).filter((name) => TOOL_OUTPUT.test(name)))
      rmSync(join(this.tmp, entry), { recursive: true, force: true });
    if (readdirSync(this.tmp).length === 0) rmSync(this.tmp, { recursive: true });
    await super.teardown();
  }
}
