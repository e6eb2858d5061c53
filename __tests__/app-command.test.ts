import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { cdktfApp, examplesSideBySide, packageJson } from "./helpers/project";
import { ROOT, runTs } from "./helpers/run";

/** The command `cdktf synth` (and deploy, diff, destroy) runs, read from cdktf.json. */
const APP = cdktfApp();
/** The command `npm run validate` runs, read from package.json. */
const VALIDATE = packageJson().scripts.validate;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "convex-stack-app-"));
}

/** Runs the app command as the cdktf CLI does: through a shell, in the project directory. */
function runApp(project: string, env: NodeJS.ProcessEnv) {
  return spawnSync("sh", ["-c", APP], {
    cwd: project,
    env: { ...process.env, CONVEX_STACK_OFFLINE: "1", ...env },
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

/** A copy of this project (without build output) sharing its node_modules, to edit sources freely. */
function copyOfProject(): string {
  const copy = tempDir();
  const skip = new Set(["node_modules", "dist", "cdktf.out", ".git", "coverage", ".terraform"]);
  cpSync(ROOT, copy, { recursive: true, filter: (source) => !skip.has(relative(ROOT, source).split("/")[0]) });
  symlinkSync(realpathSync(join(ROOT, "node_modules")), join(copy, "node_modules"));
  return copy;
}

describe("cdktf.json's app command", () => {
  it("writes the same manifest and stacks as main.ts run from source, for every example workspace", () => {
    const workspaces = tempDir();
    const names = examplesSideBySide(workspaces);
    const fromApp = tempDir();
    const fromSource = tempDir();
    const app = runApp(ROOT, { CDKTF_OUTDIR: fromApp, CONVEX_STACK_WORKSPACES: workspaces });
    const source = runTs("main.ts", [], {
      CDKTF_OUTDIR: fromSource,
      CONVEX_STACK_WORKSPACES: workspaces,
      CONVEX_STACK_OFFLINE: "1",
    });
    expect(source.status).toBe(0);
    expect([app.status, app.stdout, app.stderr]).toEqual([0, source.stdout, source.stderr]);
    const files = filesUnder(fromApp);
    expect(Object.keys(files).sort()).toEqual(
      ["manifest.json", ...names.map((name) => `stacks/${name}/cdk.tf.json`)].sort(),
    );
    expect(files).toEqual(filesUnder(fromSource));
  });

  it("runs the edited code after any source file changes, and rebuilds nothing while none does", () => {
    const project = copyOfProject();
    const env = { CDKTF_OUTDIR: join(project, "cdktf.out"), CONVEX_STACK_WORKSPACES: "" };
    expect(runApp(project, env).status).toBe(0);
    const bundle = join(project, "dist", "main.js");
    const built = statSync(bundle).mtimeMs;

    expect(runApp(project, env).status).toBe(0);
    expect(statSync(bundle).mtimeMs).toBe(built);

    // vocabulary/defaults.ts is imported only indirectly (main.ts -> config/load.ts -> vocabulary/defaults.ts).
    appendFileSync(
      join(project, "vocabulary", "defaults.ts"),
      '\nprocess.stdout.write("edited defaults.ts ran\\n");\n',
    );
    const edited = runApp(project, env);
    expect(edited.status).toBe(0);
    expect(edited.stdout).toBe("edited defaults.ts ran\n");
  });

  it("runs an edit that keeps the file's size and timestamp: freshness is decided by content", () => {
    const project = copyOfProject();
    const validate = (): string =>
      spawnSync("sh", ["-c", VALIDATE.replace(/^node /, `${process.execPath} `)], {
        cwd: project,
        encoding: "utf8",
        env: { ...process.env, CONVEX_STACK_OFFLINE: "1" },
      }).stdout;
    // A whole second, so that putting it back later restores it exactly.
    const source = join(project, "bin", "validate.ts");
    const second = Math.floor(Date.now() / 1000) - 10;
    utimesSync(source, second, second);
    expect(validate()).toMatch(/^ok local /);
    // An edit within the file system's timestamp granularity: same length, and the same mtime.
    const before = statSync(source);
    writeFileSync(source, readFileSync(source, "utf8").replace("`ok ${ws.name}", "`OK ${ws.name}"));
    utimesSync(source, second, second);
    expect([statSync(source).size, statSync(source).mtimeMs]).toEqual([before.size, before.mtimeMs]);
    expect(validate()).toMatch(/^OK local /);
  });

  it("reports a syntax error by file and line, without a stack trace or output, and recovers once fixed", () => {
    const project = copyOfProject();
    const defaults = join(project, "vocabulary", "defaults.ts");
    const original = readFileSync(defaults, "utf8");
    const outdir = join(project, "cdktf.out");
    appendFileSync(defaults, "\nexport const broken = ;\n");

    const broken = runApp(project, { CDKTF_OUTDIR: outdir, CONVEX_STACK_WORKSPACES: "" });
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/ERROR\] Unexpected ";"\s+vocabulary\/defaults\.ts:\d+:\d+:/);
    expect(broken.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(outdir)).toBe(false);

    writeFileSync(defaults, original);
    const fixed = runApp(project, { CDKTF_OUTDIR: outdir, CONVEX_STACK_WORKSPACES: "" });
    expect(fixed.status).toBe(0);
    expect(existsSync(join(outdir, "stacks", "local", "cdk.tf.json"))).toBe(true);
  });

  it("leaves @cdktf/provider-aws out of the bundle, and its resources still work with the bundled cdktf", () => {
    // A project of its own, so that the check does not depend on which code of this one uses provider-aws.
    const project = tempDir();
    mkdirSync(join(project, "bin"));
    copyFileSync(join(ROOT, "bin", "run.js"), join(project, "bin", "run.js"));
    symlinkSync(realpathSync(join(ROOT, "node_modules")), join(project, "node_modules"));
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "external-provider", private: true }));
    writeFileSync(
      join(project, "main.ts"),
      `import { Container } from "@cdktf/provider-docker/lib/container";
import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { App, Fn, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
const app = new App();
const stack = new TerraformStack(app, "mixed");
new DockerProvider(stack, "docker", {});
const prefix = new TerraformVariable(stack, "prefix", { type: "string", sensitive: true });
// Loaded lazily, as bucket provisioning does: a second copy of cdktf, the one in node_modules.
const { AwsProvider } = require("@cdktf/provider-aws/lib/provider");
const { S3Bucket } = require("@cdktf/provider-aws/lib/s3-bucket");
new AwsProvider(stack, "aws", { region: "eu-central-1" });
const bucket = new S3Bucket(stack, "files", { bucket: \`\${prefix.stringValue}-files\`, tags: { prefix: Fn.lower(prefix.stringValue) } });
new Container(stack, "app", { name: "app", image: "nginx:1.27", env: [\`BUCKET=\${bucket.bucket}\`] });
new TerraformOutput(stack, "arn", { value: bucket.arn });
app.synth();
`,
    );
    const bundled = join(project, "out-bundled");
    const fromSource = join(project, "out-source");
    const run = spawnSync("node", ["bin/run.js", "main.ts"], {
      cwd: project,
      env: { ...process.env, CDKTF_OUTDIR: bundled },
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(runTs(join(project, "main.ts"), [], { CDKTF_OUTDIR: fromSource }, project).status).toBe(0);

    const bundle = readFileSync(join(project, "dist", "main.js"), "utf8");
    expect(bundle).toContain('require("@cdktf/provider-aws/lib/s3-bucket")');
    expect(bundle).not.toMatch(/node_modules\/@cdktf\/provider-aws\//); // esbuild names each bundled file so
    const stack = filesUnder(bundled)["stacks/mixed/cdk.tf.json"];
    expect(stack).toContain('"BUCKET=${aws_s3_bucket.files.bucket}"');
    expect(filesUnder(bundled)).toEqual(filesUnder(fromSource));
  });
});

describe("package.json's validate script", () => {
  it("prints what bin/validate.ts run from source prints, and exits the same way", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "good.json"), JSON.stringify({ name: "good" }));
    const ok = spawnSync("sh", ["-c", `${VALIDATE} "$0"`, dir], {
      cwd: ROOT,
      env: { ...process.env, CONVEX_STACK_OFFLINE: "1" },
      encoding: "utf8",
    });
    const okFromSource = runTs("bin/validate.ts", [dir], { CONVEX_STACK_OFFLINE: "1" });
    expect([ok.status, ok.stdout, ok.stderr]).toEqual([0, okFromSource.stdout, okFromSource.stderr]);
    expect(ok.stdout).toMatch(/^ok good /);

    writeFileSync(join(dir, "bad.json"), JSON.stringify({ name: "Bad" }));
    const refused = spawnSync("sh", ["-c", `${VALIDATE} "$0"`, dir], {
      cwd: ROOT,
      env: { ...process.env, CONVEX_STACK_OFFLINE: "1" },
      encoding: "utf8",
    });
    const refusedFromSource = runTs("bin/validate.ts", [dir], { CONVEX_STACK_OFFLINE: "1" });
    expect([refused.status, refused.stdout, refused.stderr]).toEqual([1, "", refusedFromSource.stderr]);
    expect(refused.stderr).toMatch(/bad\.json: name: got "Bad"/);
  });
});
