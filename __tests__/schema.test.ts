import { expect } from "@jest/globals";
import { DEFAULT_CONVEX_VERSION } from "../constructs/domain/defaults";
import { parseWorkspace } from "../config/load";
import { STORAGE_KINDS } from "../config/storage-kinds";
import { problemsOf, textOf, workspace } from "./helpers/workspaces";

describe("workspace schema", () => {
  it("fills every default from a file that gives only a name", () => {
    const ws = workspace({ name: "demo" });
    expect(ws.config.convex.version).toBe(DEFAULT_CONVEX_VERSION);
    expect(ws.config.docker.host).toBe("unix:///var/run/docker.sock");
    expect(ws.config.network).toMatchObject({
      bindAddress: "127.0.0.1",
      ports: { backend: 3210, site: 3211, dashboard: 6791 },
    });
    expect(ws.config.storage).toEqual({ kind: "LocalStorage" });
    expect(ws.config.database).toEqual({ kind: "sqlite" });
    expect(ws.instanceName).toBe("convex-demo");
    expect(ws.urls).toEqual({
      backend: "http://localhost:3210",
      site: "http://localhost:3211",
      dashboard: "http://localhost:6791",
    });
  });

  it("never defaults to a floating tag", () => {
    expect(DEFAULT_CONVEX_VERSION).toMatch(/^[0-9a-f]{40}$/);
  });

  it.each([
    [{ name: "Demo" }, "name", '"Demo"'],
    [{ name: "demo", colour: 1 }, "", '"colour"'],
    [
      { name: "demo", network: { bindAdress: "0.0.0.0" } },
      "network",
      '"bindAdress" (did you mean "bindAddress"?) (unknown keys are refused so typos are caught) / correct or remove it; allowed here: bindAddress, ports, publicUrls, coder',
    ],
    [
      { name: "demo", storage: { kind: "AwsS3", region: "eu-west-1", bucketPrefx: "b" } },
      "storage",
      '"bucketPrefx" (did you mean "bucketPrefix"?)',
    ],
    [{ name: "demo", network: { ports: { backend: "3210" } } }, "network.ports.backend", "give a number"],
    [{ name: "demo", network: { ports: { site: 70000 } } }, "network.ports.site", "70000"],
    [
      { name: "demo", network: { bindAddress: "localhost" } },
      "network.bindAddress",
      "an IP address such as 127.0.0.1, 0.0.0.0, ::1 or ::",
    ],
    [
      { name: "demo", convex: { knobs: { ACTIONS_USER_TIMEOUT_SEC: 900 } } },
      "convex.knobs",
      '"ACTIONS_USER_TIMEOUT_SEC" (did you mean "ACTIONS_USER_TIMEOUT_SECS"?)',
    ],
    [
      { name: "demo", convex: { knobs: { LOG_FORMAT: "xml" } } },
      "convex.knobs.LOG_FORMAT",
      '"json", "compact", "pretty"',
    ],
    [
      { name: "demo", convex: { knobs: { HTTP_SERVER_TIMEOUT_SECONDS: "300" } } },
      "convex.knobs.HTTP_SERVER_TIMEOUT_SECONDS",
      "give a number",
    ],
    [
      { name: "demo", convex: { knobs: { APPLICATION_MAX_CONCURRENT_QUERIES: 0 } } },
      "convex.knobs.APPLICATION_MAX_CONCURRENT_QUERIES",
      ">=1",
    ],
    [
      { name: "demo", convex: { knobs: { DISABLE_METRICS_ENDPOINT: "true" } } },
      "convex.knobs.DISABLE_METRICS_ENDPOINT",
      "give a boolean",
    ],
    [{ name: "demo", convex: { waitTimeout: 0 } }, "convex.waitTimeout", ">=1"],
    [
      { name: "demo", storage: { kind: "S3" } },
      "storage.kind",
      STORAGE_KINDS.all.map(({ kind }) => JSON.stringify(kind)).join(", "),
    ],
    [{ name: "demo", database: { kind: "sqlite3" } }, "database.kind", '"sqlite", "postgres", "mysql"'],
    [{ name: "demo", docker: { host: "/var/run/docker.sock" } }, "docker.host", "ssh://"],
    [
      {
        name: "demo",
        network: {
          publicUrls: {
            backend: "convex.example.com",
            site: "https://s.example.com",
            dashboard: "https://d.example.com",
          },
        },
      },
      "network.publicUrls.backend",
      "http://",
    ],
    [{ name: "demo", convex: { version: "a b" } }, "convex.version", "image tag"],
    [{}, "name", "is required"],
  ])("rejects %j naming the field path", (file, path, fragment) => {
    const problems = problemsOf(file);
    expect(problems.map((p) => p.path)).toContain(path);
    expect(textOf(problems.find((p) => p.path === path)!)).toContain(fragment);
  });

  it.each([
    "ssh://deploy@host;id",
    "ssh://$(id)@host",
    "tcp://host:2375`id`",
    "unix:///var/run/docker.sock|nc",
    "ssh://host/path",
    "tcp://host:2375/x&y",
    "ssh://h'o'st",
  ])("refuses shell metacharacters in docker.host (it is part of admin_key_command): %s", (host) => {
    expect(problemsOf({ name: "demo", docker: { host } }).map((p) => p.path)).toEqual(["docker.host"]);
  });

  it.each([
    "unix:///var/run/docker.sock",
    "unix:///run/user/1000/docker.sock",
    "ssh://build-host",
    "ssh://deploy@build-host:2222",
    "ssh://deploy@[2001:db8::1]",
    "tcp://10.0.0.5:2376",
    "tcp://docker.example.com",
  ])("accepts the Docker host %s", (host) => {
    expect(problemsOf({ name: "demo", docker: { host } })).toEqual([]);
  });

  it("refuses a file that is not JSON, saying so", () => {
    const result = parseWorkspace("broken.json", "{ name: ", {});
    expect(result.findings[0]).toMatchObject({ rule: "json-syntax", info: expect.stringMatching(/not valid JSON/) });
  });

  it("states public URLs without a trailing slash", () => {
    const ws = workspace({
      name: "demo",
      network: {
        publicUrls: {
          backend: "https://api.example.com/",
          site: "https://site.example.com",
          dashboard: "https://dash.example.com",
        },
      },
    });
    expect(ws.urls.backend).toBe("https://api.example.com");
  });
});

describe("Coder workspaces", () => {
  const coder = { accessDomain: "coder.example.com", agent: "main", workspace: "ws1", owner: "alice" };

  it("derives every URL in Coder's app form", () => {
    const ws = workspace({ name: "demo", network: { coder } });
    expect(ws.urls).toEqual({
      backend: "https://convex-api--main--ws1--alice.coder.example.com",
      site: "https://convex-site--main--ws1--alice.coder.example.com",
      dashboard: "https://convex-dashboard--main--ws1--alice.coder.example.com",
    });
  });

  it("takes missing fields from the workspace's environment", () => {
    const env = {
      CODER_WORKSPACE_NAME: "from-env",
      CODER_WORKSPACE_OWNER_NAME: "bob",
      CODER_WORKSPACE_AGENT_NAME: "dev",
    };
    const ws = workspace(
      { name: "demo", network: { coder: { accessDomain: "coder.example.com", apps: { backend: "3210" } } } },
      env,
    );
    expect(ws.urls.backend).toBe("https://3210--dev--from-env--bob.coder.example.com");
  });

  it("names the missing field and the variable that would fill it", () => {
    const problems = problemsOf({
      name: "demo",
      network: { coder: { accessDomain: "coder.example.com", agent: "main" } },
    });
    expect(problems.map((p) => p.path)).toEqual(["network.coder.workspace", "network.coder.owner"]);
    expect(textOf(problems[0])).toContain("CODER_WORKSPACE_NAME");
  });

  it.each([
    [
      "a Terraform template",
      "CODER_WORKSPACE_AGENT_NAME",
      '${file("/etc/passwd")}',
      "network.coder.agent",
      "Terraform template sequence",
    ],
    ["a shell command", "CODER_WORKSPACE_NAME", "ws;id", "network.coder.workspace", "a Coder workspace name"],
    ["a secret", "CODER_WORKSPACE_OWNER_NAME", "AKIAIOSFODNN7EXAMPLE", "network.coder.owner", "an AWS access key id"],
  ])("checks a value from the environment as one from the file: %s in %s", (_what, variable, value, path, fragment) => {
    const env = {
      ...{ CODER_WORKSPACE_NAME: "ws1", CODER_WORKSPACE_OWNER_NAME: "alice", CODER_WORKSPACE_AGENT_NAME: "main" },
      [variable]: value,
    };
    const problems = problemsOf({ name: "demo", network: { coder: { accessDomain: "coder.example.com" } } }, env);
    expect(problems.map((p) => p.path)).toEqual([path]);
    expect(textOf(problems[0])).toContain(fragment);
    expect(problems[0].info).toContain(`this value comes from ${variable} in the environment`);
    expect(problems[0].fix).toContain(`or set ${path} in the file to use another value`);
    // Only a value that is harmless to show is shown (as the file's own would be).
    if (value !== "ws;id") expect(textOf(problems[0])).not.toContain(value);
  });

  it("refuses publicUrls and coder together", () => {
    const urls = {
      backend: "https://a.example.com",
      site: "https://b.example.com",
      dashboard: "https://c.example.com",
    };
    expect(problemsOf({ name: "demo", network: { coder, publicUrls: urls } })[0].path).toBe("network");
  });
});
