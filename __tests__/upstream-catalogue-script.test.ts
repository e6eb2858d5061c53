import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildCatalogue } from "../scripts/upstream-catalogue/build";
import { UpstreamCheckout } from "../scripts/upstream-catalogue/checkout";
import { runTs } from "./helpers/run";
import { tempDir } from "./helpers/temp";

/*
 * scripts/upstream-catalogue.ts on a small repository made here, laid out like upstream, whose history is
 * known commit by commit: what the script must find in it is written below from that history, not from the
 * script's own output.
 */

const PRECOMPILE_ON_RELEASE = "on:\n  push:\n    branches:\n      - release\n  workflow_dispatch:\n\njobs: {}\n";
const knobs = (timeout: string) =>
  `pub static ACTIONS_USER_TIMEOUT: LazyLock<Duration> =\n    LazyLock::new(|| Duration::from_secs(env_config("ACTIONS_USER_TIMEOUT_SECS", ${timeout})));\n`;
const sqlite = (pragma: string) =>
  `impl SqlitePersistence {\n    pub fn new(path: &str) -> anyhow::Result<Self> {\n        let connection = Connection::open(path)?;\n${pragma}    }\n}\n`;

let repo: string;
const commits: Record<string, string> = {};

function git(...args: string[]): string {
  const result = spawnSync("git", ["-C", repo, ...args], {
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@t",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@t",
    },
  });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
  return result.stdout.trim();
}

function commit(name: string, date: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  git("add", "-A");
  spawnSync("git", ["-C", repo, "commit", "-q", "-m", name], {
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@t",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@t",
      GIT_AUTHOR_DATE: `${date}T12:00:00Z`,
      GIT_COMMITTER_DATE: `${date}T12:00:00Z`,
    },
  });
  commits[name] = git("rev-parse", "HEAD");
}

beforeAll(() => {
  repo = tempDir("upstream-like-");
  git("init", "-q", "-b", "main");
  commit("first", "2025-01-01", {
    "crates/common/src/knobs.rs": knobs("600"),
    "crates/sqlite/src/lib.rs": sqlite(""),
    ".github/workflows/precompile.yml": "on:\n  schedule:\n    - cron: 30 0 * * 1\n\njobs: {}\n",
  });
  commit("docs only", "2025-01-02", { "README.md": "nothing tracked\n" });
  commit("longer timeout", "2025-01-03", {
    "crates/common/src/knobs.rs": knobs("60 * 10 * 2"),
    ".github/workflows/precompile.yml": PRECOMPILE_ON_RELEASE,
  });
  commit("wal", "2025-01-04", {
    "crates/sqlite/src/lib.rs": sqlite('        connection.execute_batch("PRAGMA journal_mode = WAL;")?;\n'),
    "self-hosted/CHANGELOG.md": `# Changelog\n\n## 2025-01-01 \`${commits.first}\`\n\n- first\n`,
  });
  git("branch", "release");
  commit("after the release", "2025-01-05", { "README.md": "newer\n" });
  git("checkout", "-q", "-b", "feature", commits["docs only"]);
  commit("feature work", "2025-01-06", { "README.md": "a branch\n" });
  git("checkout", "-q", "main");
  git("tag", "self-hosted-release-2025-01-02-abc", commits["docs only"]);
  // A precompiled build named after the commit it built, its tag made on another commit (main's head then).
  git("tag", `precompiled-2025-01-04-${commits["longer timeout"].slice(0, 7)}`, commits.wal);
});

describe("building the catalogue from a repository laid out like upstream", () => {
  it("lists the releases with their evidence, and every revision at which a fact changes", () => {
    const catalogue = buildCatalogue(new UpstreamCheckout(repo), []);
    expect(catalogue.firstPublished).toBe(commits.first);
    expect(catalogue.rows.map((row) => [row.revision, row.date, row.position, row.evidence])).toEqual([
      [commits.first, "2025-01-01", 1, [{ kind: "changelog", line: 3 }]],
      [commits["docs only"], "2025-01-02", 2, [{ kind: "tag", name: "self-hosted-release-2025-01-02-abc" }]],
      [
        commits["longer timeout"],
        "2025-01-03",
        3,
        [{ kind: "precompiled", name: `precompiled-2025-01-04-${commits["longer timeout"].slice(0, 7)}` }],
      ],
      [commits.wal, "2025-01-04", 4, [{ kind: "head" }]],
    ]);
  });

  it("evaluates a knob's default and reads the journal mode from the pragma, each with file and line", () => {
    const { facts } = buildCatalogue(new UpstreamCheckout(repo), []);
    expect(facts.get("backend:ACTIONS_USER_TIMEOUT_SECS")).toEqual([
      { revision: commits.first, value: "600", source: "crates/common/src/knobs.rs:2" },
      { revision: commits["longer timeout"], value: "1200", source: "crates/common/src/knobs.rs:2" },
    ]);
    expect(facts.get("journal-mode")).toEqual([
      { revision: commits.first, value: "delete", source: "crates/sqlite/src/lib.rs:3" },
      { revision: commits.wal, value: "wal", source: "crates/sqlite/src/lib.rs:4" },
    ]);
  });

  it("knows the commits past the release head and on other branches are not on the release branch", () => {
    const { history } = buildCatalogue(new UpstreamCheckout(repo), []);
    expect(Object.fromEntries(history.offRelease)).toEqual({
      [commits["after the release"]]: ["main"],
      [commits["feature work"]]: ["feature"],
    });
  });

  it("holds a revision the project names even where nothing changes, and notes one that is not on the branch", () => {
    const catalogue = buildCatalogue(new UpstreamCheckout(repo), [commits["docs only"], commits["feature work"]]);
    expect(catalogue.rows.map((row) => row.revision)).toContain(commits["docs only"]);
    expect(catalogue.notes).toEqual([
      `this project names ${commits["feature work"]}, which is not on refs/heads/release`,
    ]);
  });
});

describe("npm run catalogue", () => {
  it("says how to call it when the mirror is missing", () => {
    const run = runTs("scripts/upstream-catalogue.ts", []);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      "usage: npm run catalogue -- <path to a mirror of get-convex/convex-backend> [--check]",
    );
  });

  it("refuses a folder without a release branch, naming what it looked for", () => {
    const empty = tempDir("not-upstream-");
    spawnSync("git", ["init", "-q", empty]);
    const run = runTs("scripts/upstream-catalogue.ts", [empty, "--check"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("no release branch in");
    expect(run.stderr).toContain("refs/heads/release, refs/remotes/origin/release");
  });

  const mirror = process.env.CONVEX_BACKEND_MIRROR;
  (mirror ? it : it.skip)(
    "--check passes against the mirror the catalogue was made from (CONVEX_BACKEND_MIRROR)",
    () => {
      const run = runTs("scripts/upstream-catalogue.ts", [mirror!, "--check"], {}, undefined, 300_000);
      expect([run.status, run.stderr]).toEqual([0, ""]);
      expect(run.stdout).toContain("is current");
    },
  );
});
