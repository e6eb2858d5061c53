import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { type Server, createServer } from "node:net";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { ConvexDeployment, Database } from "../constructs";
import { checkBindSourceFiles } from "../guards/bind-source-files";
import { problemsOf, workspace } from "./helpers/workspaces";
import { tempDir } from "./helpers/temp";

/*
 * Host paths mounted into a container (the database's CA bundle, the front door's ACME CA root): the path rules refuse, always, what would hand a
 * container the Docker engine or the host's secrets, in the library and in a workspace file; the file itself
 * is looked at when the Docker host is this machine.
 */

const REFUSED: [string, string, RegExp][] = [
  ["the Docker socket", "/var/run/docker.sock", /runtime files, the Docker socket among them/],
  ["the Docker socket under /run", "/run/docker.sock", /runtime files/],
  ["the root of the host", "/", /not an absolute path/],
  ["a folder", "/etc/ssl/certs/", /names a folder/],
  ["the password hashes", "/etc/shadow", /one of the host's secrets/],
  ["their backup", "/etc/shadow-", /one of the host's secrets/],
  ["ssh host keys", "/etc/ssh/ssh_host_ed25519_key", /one of the host's secrets/],
  ["the Docker daemon's TLS keys", "/etc/docker/key.pem", /one of the host's secrets/],
  ["root's home", "/root/ca.pem", /one of the host's secrets/],
  ["a user's ssh keys", "/home/deploy/.ssh/id_ed25519", /one of the host's secrets/],
  ["a user's AWS credentials", "/home/deploy/.aws/credentials", /one of the host's secrets/],
  ["a private-key folder", "/etc/ssl/private/db.key", /one of the host's secrets/],
  ["a process's environment", "/proc/1/environ", /runtime files/],
  ["a device", "/dev/sda", /runtime files/],
  ["Docker's own data", "/var/lib/docker/volumes/x/_data/db.sqlite3", /runtime files/],
  ["a path that climbs out of where it seems", "/opt/certs/../../etc/shadow", /'\.' or '\.\.' segment/],
  ["a relative path", "certs/ca.pem", /not an absolute path/],
];

const sensitive = (stack: TerraformStack, name: string) =>
  new TerraformVariable(stack, name, { type: "string", sensitive: true }).stringValue;

describe("a bind source given to the library (Database's caFile)", () => {
  it.each(REFUSED)("refuses %s at synthesis, naming the prop", (_title, caFile, why) => {
    const stack = new TerraformStack(Testing.app(), "shop");
    const url = sensitive(stack, "database_url");
    const make = () => Database.postgres({ url, caFile });
    expect(make).toThrow(
      /^caFile must be an absolute path to a regular file on the Docker host, outside its runtime and secret folders, got /,
    );
    expect(make).toThrow(why);
  });

  it("takes the path of a CA bundle", () => {
    const stack = new TerraformStack(Testing.app(), "shop");
    expect(Database.postgres({ url: sensitive(stack, "u"), caFile: "/etc/ssl/certs/db-ca.pem" }).mounts).toEqual([
      { hostPath: "/etc/ssl/certs/db-ca.pem", containerPath: "/convex/certs/database-ca.pem" },
    ]);
  });

  it("checks a path given as a token at plan, with the same rules", () => {
    const stack = new TerraformStack(Testing.app(), "shop");
    const caFile = new TerraformVariable(stack, "ca_file", { type: "string" }).stringValue;
    const database = Database.postgres({ url: sensitive(stack, "u"), caFile });
    const [precondition] = database.preconditions;
    new TerraformOutput(stack, "condition", { value: precondition.condition as unknown });
    new TerraformOutput(stack, "message", { value: precondition.errorMessage });
    const { output } = JSON.parse(Testing.synth(stack)) as { output: Record<string, { value: string }> };
    for (const fragment of ["(proc|sys|dev|run)", "shadow|gshadow|sudoers|ssh|docker", "var.ca_file"])
      expect(output.condition.value).toContain(fragment);
    expect(output.message.value).toContain("caFile must be an absolute path to a regular file");
  });
});

describe("a bind source given to the library (ConvexFrontDoor's acme.caRootFile)", () => {
  const URLS = { backend: "https://shop.test", site: "https://site.shop.test", dashboard: "https://dash.shop.test" };
  const deploy = (caRootFile: string) => () =>
    new ConvexDeployment(new TerraformStack(Testing.app(), "shop"), "convex", {
      workspaceName: "shop",
      urls: URLS,
      frontDoor: { acme: { caRootFile } },
    });

  it.each(REFUSED)("refuses %s at synthesis, naming the prop", (_title, caRootFile, why) => {
    expect(deploy(caRootFile)).toThrow(
      /^acme\.caRootFile must be an absolute path to a regular file on the Docker host, outside its runtime and secret folders, got /,
    );
    expect(deploy(caRootFile)).toThrow(why);
  });

  it("takes the path of a CA's root certificate", () => {
    expect(deploy("/etc/ssl/private-ca/root.pem")).not.toThrow();
  });
});

describe("a bind source in a workspace file (rule bind-source-path)", () => {
  // The schema takes absolute paths only ("/" not even that): the rule judges those.
  it.each(REFUSED.filter(([, path]) => path.length > 1 && path.startsWith("/")))(
    "refuses %s at database.caFile",
    (_title, caFile, why) => {
      const findings = problemsOf({ name: "app", database: { kind: "postgres", caFile } }).filter(
        (f) => f.rule === "bind-source-path",
      );
      expect(findings).toEqual([expect.objectContaining({ path: "database.caFile", level: "error" })]);
      expect(findings[0].info).toMatch(why);
      expect(findings[0].info).toContain("which Docker would mount into convex-app-backend");
    },
  );

  const PUBLIC_URLS = {
    backend: "https://api.example.com",
    site: "https://site.example.com",
    dashboard: "https://dash.example.com",
  };

  it.each(REFUSED.filter(([, path]) => path.length > 1 && path.startsWith("/")))(
    "refuses %s at proxy.acme.caRootFile",
    (_title, caRootFile, why) => {
      const findings = problemsOf({
        name: "app",
        network: { publicUrls: PUBLIC_URLS },
        proxy: { acme: { caRootFile } },
      }).filter((f) => f.rule === "bind-source-path");
      expect(findings).toEqual([expect.objectContaining({ path: "proxy.acme.caRootFile", level: "error" })]);
      expect(findings[0].info).toMatch(why);
      expect(findings[0].info).toContain("which Docker would mount into convex-app-proxy");
    },
  );

  it("takes the path of a CA bundle", () => {
    expect(problemsOf({ name: "app", database: { kind: "postgres", caFile: "/etc/ssl/certs/db-ca.pem" } })).toEqual([]);
  });
});

describe("the file a bind source names, on a Docker host that is this machine (rule bind-source-is-a-file)", () => {
  const dir = tempDir("bind-sources-");
  let socket: Server;

  beforeAll(async () => {
    writeFileSync(join(dir, "ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    mkdirSync(join(dir, "folder.pem"));
    execFileSync("mkfifo", [join(dir, "pipe.pem")]);
    symlinkSync("/etc/shadow", join(dir, "shadow-link.pem"));
    symlinkSync(join(dir, "ca.pem"), join(dir, "good-link.pem"));
    socket = createServer();
    await new Promise<void>((resolve) => socket.listen(join(dir, "engine.sock"), resolve));
  });

  afterAll(() => new Promise<void>((resolve) => socket.close(() => resolve())));

  const check = (caFile: string, host = "unix:///var/run/docker.sock") =>
    checkBindSourceFiles([workspace({ name: "app", docker: { host }, database: { kind: "postgres", caFile } })]);

  it.each([
    [
      "a path where nothing is",
      "missing.pem",
      /which does not exist on this machine, the Docker host: Docker would create an empty folder there/,
    ],
    ["a folder", "folder.pem", /which is a directory on this machine/],
    ["a named pipe", "pipe.pem", /which is a named pipe \(FIFO\) on this machine/],
    ["a socket", "engine.sock", /which is a socket on this machine/],
    [
      "a link to the password hashes",
      "shadow-link.pem",
      /a symbolic link to "\/etc\/shadow", .*one of the host's secrets/,
    ],
  ])("refuses %s", (_title, name, says) => {
    const findings = check(join(dir, name));
    expect(findings).toEqual([
      expect.objectContaining({ rule: "bind-source-is-a-file", path: "database.caFile", level: "error" }),
    ]);
    expect(findings[0].info).toMatch(says);
  });

  it("looks at the front door's ACME CA root too", () => {
    const findings = checkBindSourceFiles([
      workspace({
        name: "app",
        docker: { host: "unix:///var/run/docker.sock" },
        network: {
          publicUrls: {
            backend: "https://api.example.com",
            site: "https://site.example.com",
            dashboard: "https://dash.example.com",
          },
        },
        proxy: { acme: { caRootFile: join(dir, "folder.pem") } },
      }),
    ]);
    expect(findings).toEqual([
      expect.objectContaining({ rule: "bind-source-is-a-file", path: "proxy.acme.caRootFile", level: "error" }),
    ]);
    expect(findings[0].info).toMatch(/which is a directory on this machine/);
  });

  it("takes a regular file, and a link to one", () => {
    expect(check(join(dir, "ca.pem"))).toEqual([]);
    expect(check(join(dir, "good-link.pem"))).toEqual([]);
  });

  it("looks at nothing when the Docker host is another machine: the path there is not this one", () => {
    expect(check(join(dir, "missing.pem"), "ssh://deploy@db.example.internal")).toEqual([]);
    expect(check(join(dir, "missing.pem"), "tcp://10.0.0.5:2375")).toEqual([]);
  });
});
