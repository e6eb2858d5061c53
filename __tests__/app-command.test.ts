import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  cpSync,
  existsSync,
  readFileSync,
  readdirSync,
  realpathSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { cdktfApp, examplesSideBySide, packageJson } from "./helpers/project";
import { ROOT } from "./helpers/run";
import { tempDir } from "./helpers/temp";

/** The command `cdktf synth` (and deploy, diff, destroy) runs, read from cdktf.json. */
const APP = cdktfApp();
/** The command `npm run validate` runs, read from package.json. */
const VALIDATE = packageJson().scripts.validate;

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
  const copy = tempDir("convex-stack-app-");
  const skip = new Set(["node_modules", "dist", "cdktf.out", ".git", "coverage", ".terraform"]);
  cpSync(ROOT, copy, { recursive: true, filter: (source) => !skip.has(relative(ROOT, source).split("/")[0]) });
  symlinkSync(realpathSync(join(ROOT, "node_modules")), join(copy, "node_modules"));
  return copy;
}

/** How every command of this project runs its TypeScript entry point: node with tsx's CommonJS hook. */
const ONE_WAY = /^node --require tsx\/cjs [\w/-]+\.ts\b/;

describe("how TypeScript commands run", () => {
  it("one way: cdktf.json's app and every npm script that runs a .ts file use node --require tsx/cjs", () => {
    const commands = [APP, ...Object.values(packageJson().scripts).filter((script) => /\.ts\b/.test(script))];
    expect(commands.length).toBeGreaterThan(5);
    expect(commands.filter((command) => !ONE_WAY.test(command))).toEqual([]);
  });
});

describe("cdktf.json's app command", () => {
  it("writes the manifest and one stack per example workspace, run through a shell in the project as the CLI does", () => {
    const workspaces = tempDir("convex-stack-app-");
    const names = examplesSideBySide(workspaces);
    const fromApp = tempDir("convex-stack-app-");
    const app = runApp(ROOT, { CDKTF_OUTDIR: fromApp, CONVEX_STACK_WORKSPACES: workspaces });
    expect([app.status, app.stderr]).toEqual([0, expect.stringContaining("warning: offline")]);
    expect(Object.keys(filesUnder(fromApp)).sort()).toEqual(
      ["manifest.json", ...names.map((name) => `stacks/${name}/cdk.tf.json`)].sort(),
    );
  });

  it("runs the edited code after any source file changes (tsx's cache is keyed by content)", () => {
    const project = copyOfProject();
    const env = { CDKTF_OUTDIR: join(project, "cdktf.out"), CONVEX_STACK_WORKSPACES: "" };
    expect(runApp(project, env).status).toBe(0);
    // vocabulary/defaults.ts is imported only indirectly (main.ts -> config/load.ts -> vocabulary/defaults.ts).
    appendFileSync(
      join(project, "vocabulary", "defaults.ts"),
      '\nprocess.stdout.write("edited defaults.ts ran\\n");\n',
    );
    const edited = runApp(project, env);
    expect(edited.status).toBe(0);
    expect(edited.stdout).toBe("edited defaults.ts ran\n");
  });

  it("runs an edit that keeps the file's size and timestamp", () => {
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

  it("refuses a syntax error naming file, line and column, writes nothing, and runs again once fixed", () => {
    const project = copyOfProject();
    const defaults = join(project, "vocabulary", "defaults.ts");
    const original = readFileSync(defaults, "utf8");
    const outdir = join(project, "cdktf.out");
    appendFileSync(defaults, "\nexport const broken = ;\n");

    const broken = runApp(project, { CDKTF_OUTDIR: outdir, CONVEX_STACK_WORKSPACES: "" });
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/vocabulary\/defaults\.ts:\d+:\d+: ERROR: Unexpected ";"/);
    expect(existsSync(outdir)).toBe(false);

    writeFileSync(defaults, original);
    const fixed = runApp(project, { CDKTF_OUTDIR: outdir, CONVEX_STACK_WORKSPACES: "" });
    expect(fixed.status).toBe(0);
    expect(existsSync(join(outdir, "stacks", "local", "cdk.tf.json"))).toBe(true);
  });
});

describe("package.json's validate script", () => {
  it("says ok for a good workspace and exits 0; names the problem and exits 1 for a bad one", () => {
    const dir = tempDir("convex-stack-app-");
    const validate = () =>
      spawnSync("sh", ["-c", `${VALIDATE} "$0"`, dir], {
        cwd: ROOT,
        env: { ...process.env, CONVEX_STACK_OFFLINE: "1" },
        encoding: "utf8",
      });
    writeFileSync(join(dir, "good.json"), JSON.stringify({ name: "good" }));
    const ok = validate();
    expect([ok.status, ok.stdout]).toEqual([0, expect.stringMatching(/^ok good /)]);

    writeFileSync(join(dir, "bad.json"), JSON.stringify({ name: "Bad" }));
    const refused = validate();
    expect([refused.status, refused.stdout]).toEqual([1, ""]);
    expect(refused.stderr).toMatch(/bad\.json: name: got "Bad"/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
  });
});
