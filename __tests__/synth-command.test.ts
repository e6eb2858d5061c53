import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { examplesSideBySide, packageJson } from "./helpers/project";
import { ROOT } from "./helpers/run";
import { tempDir } from "./helpers/temp";

/** `npm run synth`'s command, read from package.json. */
const SYNTH = packageJson().scripts.synth;
const CDKTF = join(ROOT, "node_modules", ".bin", "cdktf");

/** The environment both commands get: offline, no Terraform variables unless a test adds them. */
function baseEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CONVEX_STACK_OFFLINE: "1", CHECKPOINT_DISABLE: "1", ...extra };
  for (const key of ["CDKTF_OUTDIR", "CDKTF_CONTEXT_JSON", "NODE_OPTIONS", "NODE_ENV"]) delete env[key];
  return env;
}

/** `npm run synth -- --output <outdir>`, as package.json's script, in `project`. */
function npmRunSynth(project: string, outdir: string, env: NodeJS.ProcessEnv) {
  return spawnSync("sh", ["-c", `${SYNTH} --output "$0"`, outdir], {
    cwd: project,
    env: baseEnv(env),
    encoding: "utf8",
    timeout: 120_000,
  });
}

function cdktfSynth(project: string, outdir: string, env: NodeJS.ProcessEnv) {
  return spawnSync(CDKTF, ["synth", "--output", outdir], {
    cwd: project,
    env: baseEnv(env),
    encoding: "utf8",
    timeout: 120_000,
  });
}

/** Every file under dir, by path relative to it, with its content. */
function filesUnder(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      files[relative(dir, join(entry.parentPath, entry.name))] = readFileSync(
        join(entry.parentPath, entry.name),
        "utf8",
      );
  }
  return files;
}

/** An output directory holding the stack of a workspace that no longer exists. */
function outdirWithStaleStack(): string {
  const outdir = join(tempDir("convex-stack-synth-"), "cdktf.out");
  mkdirSync(join(outdir, "stacks", "removed-workspace"), { recursive: true });
  writeFileSync(join(outdir, "stacks", "removed-workspace", "cdk.tf.json"), "{}");
  return outdir;
}

describe("npm run synth", () => {
  it("writes byte for byte what `cdktf synth` writes, for every example workspace, and removes the same stale stacks", () => {
    const dir = tempDir("convex-stack-synth-");
    const names = examplesSideBySide(dir);
    // A database URL that rule database-url would refuse: the CLI never hands TF_VAR_* to the app, nor may we.
    const env = {
      CONVEX_STACK_WORKSPACES: dir,
      TF_VAR_database_url: "postgres://convex:pw@db.example.com:5432/convex?sslmode=disable",
    };
    const fromCli = outdirWithStaleStack();
    const fromNpm = outdirWithStaleStack();

    const cli = cdktfSynth(ROOT, fromCli, env);
    const npm = npmRunSynth(ROOT, fromNpm, env);

    expect([cli.status, cli.stderr]).toEqual([0, ""]);
    // The app's own warnings (here: offline) reach stderr unchanged, where the CLI logs them on stdout.
    expect([npm.status, npm.stderr]).toEqual([0, expect.stringMatching(/^warning: offline /)]);
    const files = filesUnder(fromNpm);
    expect(Object.keys(files).sort()).toEqual(
      ["manifest.json", ...names.map((name) => `stacks/${name}/cdk.tf.json`)].sort(),
    );
    expect(files).toEqual(filesUnder(fromCli));
    expect(npm.stdout).toContain(`Generated Terraform code for the stacks: ${[...names].sort().join(", ")}`);
  });

  it("hands the app the environment `cdktf synth` hands it", () => {
    // A project whose app records its environment and writes an empty manifest.
    const project = tempDir("convex-stack-synth-");
    mkdirSync(join(project, "bin"));
    copyFileSync(join(ROOT, "bin", "synth.ts"), join(project, "bin", "synth.ts"));
    symlinkSync(realpathSync(join(ROOT, "node_modules")), join(project, "node_modules"));
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({ name: "env-probe", private: true, scripts: { synth: SYNTH } }),
    );
    writeFileSync(
      join(project, "cdktf.json"),
      JSON.stringify({
        language: "typescript",
        app: "node record-env.js",
        projectId: "env-probe",
        sendCrashReports: "false",
        context: { team: "a" },
      }),
    );
    writeFileSync(
      join(project, "record-env.js"),
      `const fs = require("node:fs"); const out = process.env.CDKTF_OUTDIR;
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(out + "/env.json", JSON.stringify(process.env));
fs.writeFileSync(out + "/manifest.json", JSON.stringify({ version: "0.21.0", stacks: {} }));
`,
    );
    const env = { TF_VAR_instance_secret: "not-for-synthesis" };
    const seen = (outdir: string) =>
      JSON.parse(readFileSync(join(project, outdir, "env.json"), "utf8")) as Record<string, string>;

    expect(cdktfSynth(project, "out-cli", env).status).toBe(0);
    expect(npmRunSynth(project, "out-npm", env).status).toBe(0);

    const { TF_PLUGIN_CACHE_DIR: _providerCacheForInit, ...cli } = seen("out-cli");
    const npm = seen("out-npm");
    // npm's own variables describe the npm process, not what cdktf sets.
    const withoutNpm = (vars: Record<string, string>) =>
      Object.fromEntries(Object.entries(vars).filter(([key]) => !/^npm_|^INIT_CWD$|^_$|^PATH$/.test(key)));
    expect(withoutNpm(npm)).toEqual(withoutNpm({ ...cli, CDKTF_OUTDIR: "out-npm" }));
    expect(npm).toMatchObject({
      CDKTF_CONTEXT_JSON: JSON.stringify({ team: "a", cdktfRelativeModules: [] }),
      CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true",
    });
    expect(npm.TF_VAR_instance_secret).toBeUndefined();
  });

  it("refuses what the app refuses, exits 1 and writes nothing", () => {
    const dir = tempDir("convex-stack-synth-");
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ name: "Bad" }));
    const outdir = join(tempDir("convex-stack-synth-"), "cdktf.out");
    const npm = npmRunSynth(ROOT, outdir, { CONVEX_STACK_WORKSPACES: dir });
    expect(npm.status).toBe(1);
    expect(npm.stderr).toContain('bad.json: name: got "Bad"');
    expect(npm.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(outdir)).toBe(false);
  });
});
