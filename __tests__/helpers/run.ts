import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

export const ROOT = resolve(__dirname, "../..");

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a TypeScript entry point of this project from source (node + tsx); app-command.test.ts covers the bundled path. */
export function runTs(
  script: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
  cwd = ROOT,
  timeoutMs = 120_000,
): RunResult {
  const result = spawnSync(process.execPath, ["--import", "tsx", resolve(ROOT, script), ...args], {
    cwd,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env },
    encoding: "utf8",
    timeout: timeoutMs,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
