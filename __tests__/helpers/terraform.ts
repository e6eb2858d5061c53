import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LocalBackend, TerraformStack, Testing } from "cdktf";
import type { SynthesizedStack } from "./workspaces";
import { tempDir } from "./temp";

/** A working directory for the real terraform binary, with a local state file inside it. */
export function terraformWorkdir(prefix = "tf-"): string {
  return tempDir(prefix);
}

/**
 * Synthesizes a stack holding only what `build` adds (plus a local backend in `dir`) into
 * `dir/cdk.tf.json`, replacing what was there: the next terraform command sees the new configuration.
 */
export function writeStack(dir: string, build: (stack: TerraformStack) => void): string {
  const stack = new TerraformStack(Testing.app(), "guard-test");
  new LocalBackend(stack, { path: join(dir, "terraform.tfstate") });
  build(stack);
  const json = Testing.synth(stack);
  writeFileSync(join(dir, "cdk.tf.json"), json);
  return json;
}

export interface TerraformResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real terraform binary with the provider mirror of the test setup. */
export function terraform(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): TerraformResult {
  if (!process.env.TF_CLI_CONFIG_FILE)
    throw new Error(
      "TF_CLI_CONFIG_FILE is not set: run through jest's globalSetup (or scripts/services/terraform-cli-config.sh)",
    );
  const result = spawnSync("terraform", args, {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0", ...env },
    timeout: 300_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** terraform without waiting for it: for runs that must overlap (two applies racing for the lock). */
export function terraformAsync(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<TerraformResult> {
  if (!process.env.TF_CLI_CONFIG_FILE)
    throw new Error(
      "TF_CLI_CONFIG_FILE is not set: run through jest's globalSetup (or scripts/services/terraform-cli-config.sh)",
    );
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", args, {
      cwd: dir,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 300_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** terraform, failing the test with its output when it does not exit 0. */
export function terraformOk(dir: string, args: string[]): TerraformResult {
  const result = terraform(dir, args);
  if (result.status !== 0)
    throw new Error(`terraform ${args.join(" ")} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

export interface Diagnostic {
  readonly severity: string;
  readonly summary: string;
  readonly detail: string;
}

/** `terraform plan -json`: its exit status and the error diagnostics, each message exactly as Terraform has it. */
export function planJson(
  dir: string,
  extra: string[] = [],
  env: NodeJS.ProcessEnv = {},
): { status: number | null; errors: Diagnostic[]; changes: { address: string; action: string }[] } {
  const result = terraform(dir, ["plan", "-json", "-input=false", "-lock=false", ...extra], env);
  const lines = result.stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map(
      (line) =>
        JSON.parse(line) as {
          type: string;
          diagnostic?: Diagnostic;
          change?: { resource: { addr: string }; action: string };
        },
    );
  return {
    status: result.status,
    errors: lines
      .filter((l) => l.type === "diagnostic" && l.diagnostic!.severity === "error")
      .map((l) => l.diagnostic!),
    changes: lines
      .filter((l) => l.type === "planned_change")
      .map((l) => ({ address: l.change!.resource.addr, action: l.change!.action })),
  };
}

/** A Terraform state document (format 4), in the parts tests read or edit. */
export interface StateDocument {
  resources: { type: string; name: string; instances: { attributes: Record<string, unknown> }[] }[];
  outputs?: Record<string, unknown>;
}

/** A synthesized stack's Terraform JSON, in the parts these helpers edit. */
export interface TerraformConfig extends Record<string, unknown> {
  resource: Record<string, Record<string, unknown>>;
  provider?: Record<string, unknown>;
  terraform: { required_providers: Record<string, unknown>; backend?: unknown };
}

/**
 * The part of a synthesized workspace stack that terraform can init here: everything but Docker (the
 * kreuzwerker/docker provider is not in the local mirror). The state stays in the working directory,
 * unless `keepBackend` keeps the stack's own backend block (its local path or its S3 bucket).
 */
export function withoutDocker(stack: SynthesizedStack, keepBackend = false): TerraformConfig {
  const tf = JSON.parse(stack.json) as TerraformConfig;
  for (const type of Object.keys(tf.resource)) if (type.startsWith("docker_")) delete tf.resource[type];
  delete tf.provider?.docker;
  delete tf.terraform.required_providers.docker;
  // Terraform refuses an empty provider block: a stack with no other provider keeps none.
  if (Object.keys(tf.provider ?? {}).length === 0) delete tf.provider;
  if (!keepBackend) delete tf.terraform.backend;
  return tf;
}

/** A working directory holding `config` as cdk.tf.json, and a runner with the output as one text. */
export function terraformDir(
  dir: string,
  config: Record<string, unknown>,
): (args: string[], env?: NodeJS.ProcessEnv) => { status: number | null; output: string } {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(config, null, 2));
  return (args, env = {}) => {
    const result = terraform(dir, [...args, "-no-color"], env);
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };
}

/** terraformDir, then `terraform init` (failing the test with its output if init fails), with `env` on every run. */
export function initializedDir(
  dir: string,
  config: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): (args: string[]) => { status: number | null; output: string } {
  const run = terraformDir(dir, config);
  const init = run(["init", "-input=false"], env);
  if (init.status !== 0) throw new Error(init.output);
  return (args) => run(args, env);
}

/** Makes a configuration's apply take `seconds` longer (and hold its state lock that long): one more resource that sleeps. */
export function slowApply(config: TerraformConfig, seconds: number): TerraformConfig {
  config.resource.terraform_data.slow = {
    input: "slow",
    provisioner: [{ "local-exec": { command: `sleep ${seconds}` } }],
  };
  return config;
}
