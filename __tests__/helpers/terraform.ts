import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SynthesizedStack } from "./workspaces";

/**
 * The part of a synthesized workspace stack that terraform can init here: everything but Docker (the
 * kreuzwerker/docker provider is not in the local mirror). The state stays in the working directory.
 */
export function withoutDocker(stack: SynthesizedStack): Record<string, unknown> {
  const tf = JSON.parse(stack.json);
  for (const type of Object.keys(tf.resource)) if (type.startsWith("docker_")) delete tf.resource[type];
  delete tf.provider.docker;
  delete tf.terraform.required_providers.docker;
  delete tf.terraform.backend;
  return tf;
}

export interface TerraformRun {
  readonly status: number | null;
  readonly output: string;
}

/** A working directory holding `config` as cdk.tf.json, and a runner for the real terraform binary. */
export function terraformDir(dir: string, config: Record<string, unknown>): (args: string[], env?: NodeJS.ProcessEnv) => TerraformRun {
  if (!process.env.TF_CLI_CONFIG_FILE) throw new Error("TF_CLI_CONFIG_FILE is not set: run through jest (its globalSetup points it at the provider mirror)");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(config, null, 2));
  return (args, env = {}) => {
    const result = spawnSync("terraform", [`-chdir=${dir}`, ...args, "-no-color"], {
      env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env },
      encoding: "utf8",
      timeout: 300_000,
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };
}
