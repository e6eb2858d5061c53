import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadWorkspaces } from "../config/load";
import { WorkspaceConfigError } from "../vocabulary/findings";
import { problemsOf } from "./helpers/workspaces";
import { tempDir } from "./helpers/temp";

function dirWith(files: Record<string, unknown>): string {
  const dir = tempDir("ws-");
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(content));
  return dir;
}

function problemsLoading(dir: string) {
  try {
    loadWorkspaces({ path: dir, env: {} });
  } catch (error) {
    if (error instanceof WorkspaceConfigError) return error.findings;
    throw error;
  }
  return [];
}

describe("workspaces sharing a Docker host", () => {
  it("refuses the same host port in two workspaces, naming both", () => {
    const problems = problemsLoading(
      dirWith({
        "a.json": { name: "alpha" },
        "b.json": { name: "beta", network: { ports: { backend: 4210, site: 4211 } } },
      }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe("network.ports.dashboard");
    expect(problems[0].info).toMatch(/workspace "beta" collides with network.ports.dashboard of workspace "alpha"/);
  });

  it.each(["0.0.0.0", "::"])("treats a wildcard bind (%s) as colliding with every address", (wildcard) => {
    const publicUrls = {
      backend: "https://a.example.com",
      site: "https://s.example.com",
      dashboard: "https://d.example.com",
    };
    const problems = problemsLoading(
      dirWith({
        "a.json": { name: "alpha", network: { bindAddress: wildcard, publicUrls } },
        "b.json": { name: "beta", network: { bindAddress: "127.0.0.2" } },
      }),
    );
    expect(problems.map((p) => p.path)).toEqual([
      "network.ports.backend",
      "network.ports.site",
      "network.ports.dashboard",
    ]);
  });

  it("accepts the same ports on different Docker hosts or different addresses", () => {
    expect(
      problemsLoading(
        dirWith({ "a.json": { name: "alpha" }, "b.json": { name: "beta", docker: { host: "ssh://other" } } }),
      ),
    ).toEqual([]);
    expect(
      problemsLoading(
        dirWith({ "a.json": { name: "alpha" }, "b.json": { name: "beta", network: { bindAddress: "127.0.0.2" } } }),
      ),
    ).toEqual([]);
  });

  it("refuses two files with the same workspace name", () => {
    const problems = problemsLoading(
      dirWith({
        "a.json": { name: "same" },
        "b.json": { name: "same", network: { ports: { backend: 1, site: 2, dashboard: 3 } } },
      }),
    );
    expect(problems[0].info).toMatch(/workspace "same" is also defined in/);
  });

  it("refuses one port used twice inside a workspace", () => {
    const problems = problemsOf({ name: "a", network: { ports: { backend: 3210, site: 3210 } } });
    expect(problems[0]).toMatchObject({ path: "network.ports.site" });
    expect(problems[0].info).toMatch(/same host port as network.ports.backend/);
  });

  it("returns the workspaces sorted by name", () => {
    const dir = dirWith({
      "1.json": { name: "zeta" },
      "2.json": { name: "alpha", network: { ports: { backend: 1, site: 2, dashboard: 3 } } },
    });
    expect(loadWorkspaces({ path: dir, env: {} }).map((w) => w.name)).toEqual(["alpha", "zeta"]);
  });

  it("orders names dash first, then digits, then letters, whatever the locale", () => {
    const names = ["teama", "team1", "team-b", "team-10"];
    const files = Object.fromEntries(
      names.map((name, i) => [
        `${i}.json`,
        { name, network: { ports: { backend: 100 + 10 * i, site: 101 + 10 * i, dashboard: 102 + 10 * i } } },
      ]),
    );
    expect(loadWorkspaces({ path: dirWith(files), env: {} }).map((w) => w.name)).toEqual([
      "team-10",
      "team-b",
      "team1",
      "teama",
    ]);
  });
});
