import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTs } from "./helpers/run";

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "convex-stack-"));
}

describe("the synth app (main.ts, as `cdktf synth` runs it)", () => {
  it("writes one stack per workspace into cdktf.out/stacks/<name>", () => {
    const out = tempDir();
    const dir = tempDir();
    writeFileSync(join(dir, "a.json"), JSON.stringify({ name: "alpha" }));
    writeFileSync(join(dir, "b.json"), JSON.stringify({ name: "beta", network: { ports: { backend: 4210, site: 4211, dashboard: 4791 } } }));
    const result = runTs("main.ts", [], { CDKTF_OUTDIR: out, CONVEX_STACK_WORKSPACES: dir });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    for (const name of ["alpha", "beta"]) {
      const tf = JSON.parse(readFileSync(join(out, "stacks", name, "cdk.tf.json"), "utf8"));
      expect(Object.values(tf.resource.docker_container).map((c: any) => c.name)).toContain(`convex-${name}-backend`);
    }
  });

  it("reads config/workspaces by default", () => {
    const out = tempDir();
    const result = runTs("main.ts", [], { CDKTF_OUTDIR: out, CONVEX_STACK_WORKSPACES: "" });
    expect(result.status).toBe(0);
    expect(existsSync(join(out, "stacks", "local", "cdk.tf.json"))).toBe(true);
  });

  it("refuses a broken workspace with a clear message, no stack trace and no output written", () => {
    const out = tempDir();
    const dir = tempDir();
    writeFileSync(join(dir, "good.json"), JSON.stringify({ name: "good" }));
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ name: "bad", network: { ports: { backend: "x" } } }));
    const result = runTs("main.ts", [], { CDKTF_OUTDIR: join(out, "cdktf.out"), CONVEX_STACK_WORKSPACES: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('bad.json: network.ports.backend: got "x"\n  fix: give a number (rule workspace-schema)');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(out, "cdktf.out"))).toBe(false);
  });
});

describe("npm run validate", () => {
  it("prints one summary line per workspace and exits 0", () => {
    const result = runTs("bin/validate.ts", ["config/workspaces"]);
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split("\n")).toEqual([expect.stringMatching(/^ok local \(config\/workspaces\/local.json\): LocalStorage, sqlite/)]);
  });

  it("lists every problem of every file and exits 1", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.json"), JSON.stringify({ name: "A" }));
    writeFileSync(join(dir, "b.json"), JSON.stringify({ name: "b", storage: { kind: "S3" } }));
    const result = runTs("bin/validate.ts", [dir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/2 problem\(s\)/);
    expect(result.stderr).toMatch(/a.json: name: got "A"/);
    expect(result.stderr).toMatch(/b.json: storage.kind: got "S3"\n  fix: use one of "LocalStorage"/);
    expect(result.stdout).toBe("");
  });

  it("says so when the path does not exist", () => {
    const result = runTs("bin/validate.ts", ["/nonexistent/dir"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/\/nonexistent\/dir: \(file\): does not exist\n  fix: point CONVEX_STACK_WORKSPACES/);
  });
});
