/*
 * `npm run synth [-- --output <dir>]`: what `cdktf synth` does, without starting the cdktf CLI (which
 * spends most of its time loading itself before it runs the app; docs/performance.md). It runs cdktf.json's
 * app command with the environment the CLI gives it, then does what the CLI does after it, so the output
 * directory holds exactly what `cdktf synth` writes and `cdktf deploy`, `cdktf diff` and `--skip-synth`
 * work on it. __tests__/synth-command.test.ts runs both and compares the files byte for byte.
 *
 * Mirrors @cdktf/cli-core 0.21.0 (src/lib/synth-stack.js, SynthStack.synth; cdktf-config.js) and the CLI's
 * entry point (bundle/bin/cdktf.js):
 * - the app command runs through a shell in the project directory, with the environment minus every
 *   TF_VAR_* variable (Terraform variables are for plan and apply, not synthesis), NODE_ENV defaulting to
 *   "production", NODE_OPTIONS defaulting to --max-old-space-size=4096, CDKTF_OUTDIR, CDKTF_CONTEXT_JSON
 *   (cdktf.json's context, else the inherited one, plus cdktfRelativeModules),
 *   CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS=true and SYNTH_HCL_OUTPUT=false;
 * - afterwards: the manifest must exist; annotations are printed, and an error annotation fails the run;
 *   stack directories that the manifest no longer names are removed.
 * Left out: the CLI's TF_PLUGIN_CACHE_DIR (a provider cache for `terraform init`, which synthesis never
 * runs), its telemetry and its version checks.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const MEMORY_SWITCH = "--max-old-space-size";

/** cdktf.json, in the parts synthesis reads. */
interface CdktfConfig {
  readonly app: string;
  readonly output: string;
  readonly context?: Record<string, unknown>;
  readonly terraformModules?: readonly (string | { readonly source: string })[];
}

/** A stack of cdktf's manifest.json, in the parts read here. */
interface ManifestStack {
  readonly name: string;
  readonly annotations?: readonly {
    readonly level: string;
    readonly constructPath: string;
    readonly message: string;
    readonly stacktrace?: readonly string[];
  }[];
}

function main(argv: readonly string[]): void {
  const config = readConfig();
  const outdir = outputOption(argv) ?? config.output;
  const stacksDir = path.resolve(ROOT, outdir, "stacks");
  const existing = fs.existsSync(stacksDir)
    ? fs
        .readdirSync(stacksDir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
    : [];

  const app = spawnSync(config.app, {
    shell: true,
    cwd: ROOT,
    stdio: "inherit",
    env: appEnvironment(process.env, config, outdir),
  });
  if (app.error) fail(`could not run cdktf.json's app "${config.app}": ${app.error.message}`);
  if (app.status !== 0) process.exit(app.status ?? 1);

  const manifestFile = path.resolve(ROOT, outdir, "manifest.json");
  if (!fs.existsSync(manifestFile))
    fail(`the app "${config.app}" wrote no ${path.join(outdir, "manifest.json")}: it must call app.synth()`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as { stacks: Record<string, ManifestStack> };
  const stacks = Object.values(manifest.stacks);
  const errors = printAnnotations(stacks);
  if (stacks.length === 0) process.stderr.write("ERROR: No Terraform code synthesized.\n");
  const names = new Set(stacks.map((stack) => stack.name));
  for (const orphan of existing.filter((name) => !names.has(name)))
    fs.rmSync(path.join(stacksDir, orphan), { recursive: true });
  if (errors > 0)
    fail("While synthesizing one or more error annotations have been encountered. Please check the log output above.");
  if (stacks.length > 0) process.stdout.write(`Generated Terraform code for the stacks: ${[...names].join(", ")}\n`);
}

/** cdktf.json with the CLI's defaults (cdktf-config.js: output "cdktf.out"). */
function readConfig(): CdktfConfig {
  const config = {
    output: "cdktf.out",
    ...(JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as Partial<CdktfConfig>),
  };
  if (typeof config.app !== "string" || config.app === "") fail('cdktf.json has no "app" command');
  return { ...config, app: config.app };
}

/** `--output <dir>` or `-o <dir>`, as `cdktf synth` takes it. */
function outputOption(argv: readonly string[]): string | undefined {
  const at = argv.findIndex((arg) => arg === "--output" || arg === "-o");
  if (at < 0) {
    if (argv.length > 0) fail(`unknown argument ${argv[0]}; usage: npm run synth [-- --output <dir>]`);
    return undefined;
  }
  if (!argv[at + 1]) fail(`${argv[at]} needs a directory`);
  return argv[at + 1];
}

/** The environment `cdktf synth` runs the app with (see the comment at the top). */
function appEnvironment(inherited: NodeJS.ProcessEnv, config: CdktfConfig, outdir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(inherited).filter(([key]) => !key.startsWith("TF_VAR_")),
  );
  env.NODE_ENV = env.NODE_ENV || "production";
  if (!env.NODE_OPTIONS) env.NODE_OPTIONS = `${MEMORY_SWITCH}=4096`;
  const context = config.context
    ? config.context
    : inherited.CDKTF_CONTEXT_JSON
      ? (JSON.parse(inherited.CDKTF_CONTEXT_JSON) as Record<string, unknown>)
      : {};
  return {
    ...env,
    CDKTF_OUTDIR: outdir,
    CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true",
    CDKTF_CONTEXT_JSON: JSON.stringify({ ...context, cdktfRelativeModules: relativeModules(config) }),
    SYNTH_HCL_OUTPUT: "false",
  };
}

/** The Terraform modules cdktf.json names by a relative path (cli-core's getRelativeTerraformModules). */
function relativeModules(config: CdktfConfig): CdktfConfig["terraformModules"] {
  const relative = (source: string) => source.startsWith("./") || source.startsWith("../");
  return (config.terraformModules ?? []).filter((mod) => relative(typeof mod === "string" ? mod : mod.source));
}

/** Prints every stack's annotations as the CLI does; returns how many are errors. */
function printAnnotations(stacks: readonly ManifestStack[]): number {
  let errors = 0;
  for (const stack of stacks) {
    for (const annotation of stack.annotations ?? []) {
      const levels: Record<string, string> = { "@cdktf/info": "INFO", "@cdktf/warn": "WARN", "@cdktf/error": "ERROR" };
      const level = levels[annotation.level] ?? annotation.level;
      process.stdout.write(`${level} [${annotation.constructPath}]: ${annotation.message}\n`);
      if (level === "ERROR") {
        errors++;
        if (annotation.stacktrace) process.stdout.write(`${annotation.stacktrace.join("\n")}\n`);
      }
    }
  }
  return errors;
}

function fail(message: string): never {
  process.stderr.write(`npm run synth: ${message}\n`);
  process.exit(1);
}

main(process.argv.slice(2));
