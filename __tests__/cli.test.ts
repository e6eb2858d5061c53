import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runTs } from "./helpers/run";
import type { SynthesizedJson } from "./helpers/workspaces";
import { tempDir } from "./helpers/temp";

const STACK_TRACE = /\n\s+at |node:internal|\.ts:\d+:\d+\)/;

describe("the synth app (main.ts, as `cdktf synth` runs it)", () => {
  it("writes one stack per workspace into cdktf.out/stacks/<name>", () => {
    const out = tempDir("convex-stack-cli-");
    const dir = tempDir("convex-stack-cli-");
    writeFileSync(join(dir, "a.json"), JSON.stringify({ name: "alpha" }));
    writeFileSync(
      join(dir, "b.json"),
      JSON.stringify({ name: "beta", network: { ports: { backend: 4210, site: 4211, dashboard: 4791 } } }),
    );
    const result = runTs("main.ts", [], { CDKTF_OUTDIR: out, CONVEX_STACK_WORKSPACES: dir });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    for (const name of ["alpha", "beta"]) {
      const tf = JSON.parse(readFileSync(join(out, "stacks", name, "cdk.tf.json"), "utf8")) as SynthesizedJson;
      expect(Object.values(tf.resource.docker_container).map((c) => c.name)).toContain(`convex-${name}-backend`);
    }
  });

  it("reads config/workspaces by default", () => {
    const out = tempDir("convex-stack-cli-");
    const result = runTs("main.ts", [], { CDKTF_OUTDIR: out, CONVEX_STACK_WORKSPACES: "" });
    expect(result.status).toBe(0);
    expect(existsSync(join(out, "stacks", "local", "cdk.tf.json"))).toBe(true);
  });

  it("says Terraform is missing from the PATH in one sentence, and writes nothing", () => {
    const out = tempDir("convex-stack-cli-");
    // Only node itself on the PATH: no terraform.
    const bin = tempDir("convex-stack-cli-");
    symlinkSync(process.execPath, join(bin, "node"));
    const result = runTs("main.ts", [], {
      CDKTF_OUTDIR: join(out, "cdktf.out"),
      CONVEX_STACK_WORKSPACES: "",
      CONVEX_STACK_OFFLINE: "1",
      PATH: bin,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Synthesis refused: terraform is not on the PATH");
    expect(result.stderr).toContain("Install Terraform 1.7 or newer");
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(existsSync(join(out, "cdktf.out"))).toBe(false);
  });

  it("refuses a broken workspace with a clear message, no stack trace and no output written", () => {
    const out = tempDir("convex-stack-cli-");
    const dir = tempDir("convex-stack-cli-");
    writeFileSync(join(dir, "good.json"), JSON.stringify({ name: "good" }));
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ name: "bad", network: { ports: { backend: "x" } } }));
    const result = runTs("main.ts", [], { CDKTF_OUTDIR: join(out, "cdktf.out"), CONVEX_STACK_WORKSPACES: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'bad.json: network.ports.backend: got "x"\n  fix: give a number (rule workspace-schema)',
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(out, "cdktf.out"))).toBe(false);
  });
});

describe("npm run validate", () => {
  it("prints one summary line per workspace and exits 0", () => {
    const result = runTs("bin/validate.ts", ["config/workspaces"]);
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split("\n")).toEqual([
      expect.stringMatching(/^ok local \(config\/workspaces\/local.json\): LocalStorage, sqlite/),
    ]);
  });

  it("lists every problem of every file and exits 1", () => {
    const dir = tempDir("convex-stack-cli-");
    writeFileSync(join(dir, "a.json"), JSON.stringify({ name: "A" }));
    writeFileSync(join(dir, "b.json"), JSON.stringify({ name: "b", storage: { kind: "S3" } }));
    const result = runTs("bin/validate.ts", [dir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/2 problem\(s\)/);
    expect(result.stderr).toMatch(/a.json: name: got "A"/);
    expect(result.stderr).toMatch(/b.json: storage.kind: got "S3"\n {2}fix: use one of "LocalStorage"/);
    expect(result.stdout).toBe("");
  });

  it("checks every file it is given, together (validate a.json b.json)", () => {
    const dir = tempDir("convex-stack-cli-");
    writeFileSync(join(dir, "a.json"), JSON.stringify({ name: "alpha" }));
    writeFileSync(join(dir, "b.json"), JSON.stringify({ name: "beta", storage: { kind: "S3" } }));
    writeFileSync(join(dir, "c.json"), JSON.stringify({ name: "gamma" }));
    const result = runTs("bin/validate.ts", [
      "--offline",
      join(dir, "a.json"),
      join(dir, "b.json"),
      join(dir, "c.json"),
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('b.json: storage.kind: got "S3"');
    // The cross-workspace rules see every argument: alpha and gamma share the default ports.
    expect(result.stderr).toMatch(
      /c\.json: network\.ports\.backend: host port 3210 of workspace "gamma" collides with network\.ports\.backend of workspace "alpha"/,
    );
  });

  it("answers a directory, a dangling link and a named pipe called *.json with a sentence each, no stack trace, no hang", () => {
    const dir = tempDir("convex-stack-cli-");
    writeFileSync(join(dir, "good.json"), JSON.stringify({ name: "good" }));
    mkdirSync(join(dir, "folder.json"));
    symlinkSync(join(dir, "missing.json"), join(dir, "dangling.json"));
    execFileSync("mkfifo", [join(dir, "pipe.json")]);
    const inDirectory = runTs("bin/validate.ts", ["--offline", dir], {}, undefined, 30_000);
    expect(inDirectory.status).toBe(1);
    expect(inDirectory.stderr).toContain("folder.json: (file): is a directory, not a regular file");
    expect(inDirectory.stderr).toContain(
      `dangling.json: (file): is a symbolic link to ${join(dir, "missing.json")}, which does not exist`,
    );
    expect(inDirectory.stderr).toContain("pipe.json: (file): is a named pipe (FIFO), not a regular file");
    expect(inDirectory.stderr).toMatch(/^3 problem\(s\):/);
    expect(inDirectory.stderr).not.toMatch(STACK_TRACE);
    for (const [file, expected] of [
      ["dangling.json", "dangling.json: (file): is a symbolic link to"],
      ["pipe.json", "pipe.json: (file): is a named pipe (FIFO), not a regular file"],
    ] as const) {
      const result = runTs("bin/validate.ts", ["--offline", join(dir, file)], {}, undefined, 30_000);
      expect([file, result.status]).toEqual([file, 1]);
      expect(result.stderr).toContain(expected);
      expect(result.stderr).not.toMatch(STACK_TRACE);
    }
  });

  it("exits 2 with the usage for an option it does not know, checking nothing", () => {
    const result = runTs("bin/validate.ts", ["--ofline", "config/workspaces"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'validate: unknown option "--ofline"\nusage: npm run validate -- [--offline] [<workspace file or directory>...]\n',
    );
    expect(result.stdout).toBe("");
  });

  it("takes a path after -- even when it starts with a dash", () => {
    const dir = tempDir("convex-stack-cli-");
    writeFileSync(join(dir, "-odd.json"), JSON.stringify({ name: "odd" }));
    const result = runTs("bin/validate.ts", ["--offline", "--", "-odd.json"], {}, dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^ok odd \(-odd\.json\)/);
  });

  it("says so when the path does not exist", () => {
    const result = runTs("bin/validate.ts", ["/nonexistent/dir"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /\/nonexistent\/dir: \(file\): does not exist\n {2}fix: point CONVEX_STACK_WORKSPACES/,
    );
  });
});
