import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

export const ROOT = resolve(__dirname, "../..");

/** tsx's CommonJS hook, by path: a test may run a command from a directory outside the project. */
const TSX_CJS = require.resolve("tsx/cjs");

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a TypeScript entry point of this project as every command does (node --require tsx/cjs, app-command.test.ts). */
export function runTs(
  script: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
  cwd = ROOT,
  timeoutMs = 120_000,
): RunResult {
  const result = spawnSync(process.execPath, ["--require", TSX_CJS, resolve(ROOT, script), ...args], {
    cwd,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env },
    encoding: "utf8",
    timeout: timeoutMs,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
