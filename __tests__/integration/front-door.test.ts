import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type PeerCertificate, connect } from "node:tls";
import { promisify } from "node:util";
import { DEFAULTS } from "../../constructs/domain";
import { PROXY_IMAGE } from "../../constructs/domain/defaults";
import { BACKEND_IMAGE, DASHBOARD_IMAGE } from "../../constructs/domain/images";
import type { WorkspaceFile } from "../../vocabulary/workspace-schema";
import { Drill } from "../../drill/drill";
import { ensureImages } from "../../drill/images/index";
import { Report } from "../../drill/report";
import { freePort, freePorts } from "../helpers/doctor";
import { uniqueName } from "../helpers/rgw";
import { tempDir } from "../helpers/temp";
import { webSocketExchange } from "../helpers/websocket";

/*
 * The front door end to end: a workspace with a `proxy` section brought up on the local Docker engine by the
 * deploy drill from its own cdk.tf.json (the door image is Debian's caddy standing in for the pinned one, the
 * backend and dashboard are the drill's stand-ins, which name themselves and the port they answered on in a
 * `Convex-Stand-In` header), then reached from this machine as a client would: curl with --resolve and the
 * CA's root. Against pebble (started for this run by the jest setup; it validates every challenge for real,
 * through pebble-challtestsrv's DNS answers), and again with Caddy's own CA. Every name is this run's own, and
 * the door's volume (Caddy's storage) is new for each run and removed with it.
 */

const execFileAsync = promisify(execFile);
const STAND_IN = "convex-stand-in";
const PASSWORD = `door-${uniqueName("pw")}`;
const CADDY = `${PROXY_IMAGE.repository}:${PROXY_IMAGE.tag}`;
const LOOPBACK = "127.0.0.1";
const PEBBLE = {
  directory: process.env.CONVEX_TEST_PEBBLE_DIRECTORY!,
  caRootFile: process.env.CONVEX_TEST_PEBBLE_CA_ROOT_FILE!,
  management: process.env.CONVEX_TEST_PEBBLE_MANAGEMENT!,
  dns: process.env.CONVEX_TEST_CHALLTESTSRV_MANAGEMENT!,
  ports: {
    http: Number(process.env.CONVEX_TEST_PEBBLE_HTTP_PORT),
    https: Number(process.env.CONVEX_TEST_PEBBLE_TLS_PORT),
  },
};

type Role = "backend" | "site" | "dashboard";
const ROLES: readonly Role[] = ["backend", "site", "dashboard"];

/** One run's door: its names, its host names (under .test) and its ports. */
interface Door {
  readonly name: string;
  readonly hosts: Record<Role, string>;
  readonly ports: { readonly http: number; readonly https: number };
  readonly servicePorts: { readonly backend: number; readonly site: number; readonly dashboard: number };
  readonly dir: string;
}

let passwordHash: string;

beforeAll(async () => {
  // The drill pulls nothing: the images the stack pins are built here (cached by recipe).
  await ensureImages([CADDY, `${BACKEND_IMAGE}:${DEFAULTS.version}`, `${DASHBOARD_IMAGE}:${DEFAULTS.version}`]);
  // What docs/front-door.md tells users to run: Caddy's own hash-password, in the door's image.
  const { stdout } = await execFileAsync("docker", [
    "run",
    "--rm",
    CADDY,
    "caddy",
    "hash-password",
    "--plaintext",
    PASSWORD,
  ]);
  passwordHash = stdout.trim();
}, 600_000);

async function newDoor(ports: Door["ports"]): Promise<Door> {
  const name = uniqueName("door");
  const dir = tempDir(`${name}-`);
  const hosts = { backend: `api-${name}.test`, site: `site-${name}.test`, dashboard: `dash-${name}.test` };
  return { name, hosts, ports, servicePorts: await freePorts(), dir };
}

function workspaceFile(door: Door, proxy: NonNullable<WorkspaceFile["proxy"]>): string {
  const url = (role: Role) => `https://${door.hosts[role]}:${door.ports.https}`;
  const file: WorkspaceFile = {
    name: door.name,
    // The stand-in serves /metrics directly only when it is enabled: then the door is what keeps it out.
    convex: { knobs: { DISABLE_METRICS_ENDPOINT: false } },
    network: {
      ports: door.servicePorts,
      publicUrls: { backend: url("backend"), site: url("site"), dashboard: url("dashboard") },
    },
    proxy: { bindAddress: LOOPBACK, ports: door.ports, dashboardAuth: { username: "admin" }, ...proxy },
  };
  const path = join(door.dir, `${door.name}.json`);
  writeFileSync(path, JSON.stringify(file, null, 2));
  return path;
}

/**
 * Brings the workspace up with the drill, runs `checks` against it, and removes everything the drill created,
 * also when a step or a check fails. Returns the drill's output.
 */
async function withDrill(file: string, checks: (drill: Drill) => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const report = new Report((line) => lines.push(line));
  const drill = new Drill(
    { workspaceFile: file, env: { ...process.env, TF_VAR_dashboard_password_hash: passwordHash } },
    report,
  );
  try {
    await report.step("synthesize", () => drill.synthesize());
    await report.step("images", () => drill.buildImages());
    await report.step("evaluate", () => drill.evaluate(true));
    await report.step("create", () => drill.reconcile());
    await report.step("running and healthy", () => drill.waitUntilUp());
    await checks(drill);
  } catch (error) {
    throw new Error(`${(error as Error).message}\ndrill output:\n${lines.join("\n")}`, { cause: error });
  } finally {
    await drill.removeCreated();
    drill.removeRunDir();
  }
  return lines;
}

/** challtestsrv's answer for a host: pebble resolves the name there when it validates. */
async function answer(host: string, address: string): Promise<void> {
  const response = await fetch(`${PEBBLE.dns}/add-a`, {
    method: "POST",
    body: JSON.stringify({ host: `${host}.`, addresses: [address] }),
  });
  expect(response.status).toBe(200);
}

async function forget(host: string): Promise<void> {
  await fetch(`${PEBBLE.dns}/clear-a`, { method: "POST", body: JSON.stringify({ host: `${host}.` }) });
}

async function curl(args: readonly string[]): Promise<string> {
  const { stdout } = await execFileAsync("curl", ["-sS", "--max-time", "10", ...args]);
  return stdout;
}

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
}

/** Status and headers (names lowercased) of what curl got; the body is left out. */
function parseHead(head: string): Answer {
  const blocks = head.trim().split(/\r?\n\r?\n/);
  const [statusLine, ...lines] = blocks[blocks.length - 1].split(/\r?\n/);
  return {
    status: Number(statusLine.split(" ")[1]),
    headers: Object.fromEntries(
      lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]),
    ),
  };
}

/** A request through the door over HTTPS, as a client that resolves the host to the door's address. */
async function throughDoor(door: Door, root: string, role: Role, path: string, extra: string[] = []): Promise<Answer> {
  const host = door.hosts[role];
  return parseHead(
    await curl([
      "--resolve",
      `${host}:${door.ports.https}:${LOOPBACK}`,
      "--cacert",
      root,
      "-o",
      "/dev/null",
      "-D",
      "-",
      ...extra,
      `https://${host}:${door.ports.https}${path}`,
    ]),
  );
}

/** The certificate a host's TLS handshake shows, checked against `ca`; undefined while the door has none. */
function certificateOf(
  door: Door,
  role: Role,
  ca: string,
): Promise<{ authorized: boolean; cert: PeerCertificate } | undefined> {
  return new Promise((resolve) => {
    const socket = connect({
      host: LOOPBACK,
      port: door.ports.https,
      servername: door.hosts[role],
      ca,
      ALPNProtocols: ["http/1.1"],
    });
    socket.setTimeout(5000, () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once("secureConnect", () => {
      resolve({ authorized: socket.authorized, cert: socket.getPeerCertificate() });
      socket.end();
    });
    socket.once("error", () => resolve(undefined));
  });
}

async function until<T>(what: string, seconds: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function readFromContainer(container: string, path: string): Promise<string | undefined> {
  try {
    return (await execFileAsync("docker", ["exec", container, "cat", path])).stdout;
  } catch {
    return undefined;
  }
}

/** Everything a client sees through the door, for certificates that chain to `rootFile`'s root. */
async function checkDoor(door: Door, rootFile: string, root: string, issuer: RegExp): Promise<void> {
  for (const role of ROLES) {
    const found = await until(`a trusted certificate for ${door.hosts[role]}`, 60, async () => {
      const shown = await certificateOf(door, role, root);
      return shown?.authorized ? shown : undefined;
    });
    expect(found.cert.subjectaltname).toBe(`DNS:${door.hosts[role]}`);
    expect(found.cert.issuer.CN).toMatch(issuer);
  }

  // Each host reaches its own upstream, which names itself and the port it answered on.
  const auth = ["-u", `admin:${PASSWORD}`];
  expect(await throughDoor(door, rootFile, "backend", "/version")).toMatchObject({
    status: 200,
    headers: { [STAND_IN]: "backend:3210" },
  });
  expect(await throughDoor(door, rootFile, "site", "/any/http/action")).toMatchObject({
    headers: { [STAND_IN]: "backend:3211" },
  });
  expect(await throughDoor(door, rootFile, "dashboard", "/", auth)).toMatchObject({
    status: 200,
    headers: { [STAND_IN]: "dashboard:6791" },
  });

  // The dashboard asks for the password, refuses a wrong one, and the other hosts ask for none.
  const asked = await throughDoor(door, rootFile, "dashboard", "/");
  expect(asked.status).toBe(401);
  expect(asked.headers["www-authenticate"]).toBe('Basic realm="Convex dashboard"');
  expect(asked.headers[STAND_IN]).toBeUndefined();
  expect((await throughDoor(door, rootFile, "dashboard", "/", ["-u", "admin:wrong"])).status).toBe(401);
  expect((await throughDoor(door, rootFile, "backend", "/version")).headers["www-authenticate"]).toBeUndefined();

  // A WebSocket upgrade through the door: 101 from the backend, and the message comes back.
  const message = `hello ${door.name}`;
  const socket = await webSocketExchange({
    address: LOOPBACK,
    port: door.ports.https,
    host: door.hosts.backend,
    ca: root,
    path: "/api/sync",
    message,
  });
  expect(socket.status).toMatch(/^HTTP\/1\.1 101 /);
  expect([socket.accepted, socket.reply]).toEqual([true, message]);
  expect(socket.headers[STAND_IN]).toBe("backend:3210");

  // /metrics: served by the backend on its own (loopback) port, never through the door.
  const direct = parseHead(
    await curl(["-o", "/dev/null", "-D", "-", `http://${LOOPBACK}:${door.servicePorts.backend}/metrics`]),
  );
  expect(direct).toMatchObject({ status: 200, headers: { [STAND_IN]: "backend:3210" } });
  for (const role of ["backend", "site"] as const) {
    const blocked = await throughDoor(door, rootFile, role, "/metrics");
    expect([role, blocked.status, blocked.headers[STAND_IN]]).toEqual([role, 404, undefined]);
  }

  // Plain HTTP is redirected to the same URL over HTTPS, on the door's HTTPS port.
  const host = door.hosts.site;
  const plain = parseHead(
    await curl([
      "--resolve",
      `${host}:${door.ports.http}:${LOOPBACK}`,
      "-o",
      "/dev/null",
      "-D",
      "-",
      `http://${host}:${door.ports.http}/a/path?x=1`,
    ]),
  );
  expect(plain).toMatchObject({ status: 308, headers: { location: `https://${host}:${door.ports.https}/a/path?x=1` } });
}

describe("the front door, end to end through the drill", () => {
  it("gets certificates from an ACME CA (pebble) and serves the three URLs through them", async () => {
    const door = await newDoor(PEBBLE.ports);
    for (const role of ROLES) await answer(door.hosts[role], LOOPBACK);
    const rootFile = join(door.dir, "pebble-root.pem");
    try {
      const file = workspaceFile(door, {
        acme: { directory: PEBBLE.directory, caRootFile: PEBBLE.caRootFile, email: "ops@door.test" },
      });
      const output = await withDrill(file, async (drill) => {
        // pebble makes a new root at every start: the one its certificates chain to is read from it now.
        const root = await curl(["--cacert", PEBBLE.caRootFile, `${PEBBLE.management}/roots/0`]);
        writeFileSync(rootFile, root);
        await checkDoor(door, rootFile, root, /^Pebble Intermediate CA /);
        await drill.report.step("second apply", () => drill.secondApply());
      });
      // The drill says the door's image is Debian's Caddy standing in for the pinned one.
      expect(output.join("\n")).toContain(`${CADDY} found: STAND-IN: Debian's caddy 2.6.2 standing in for ${CADDY}`);
    } finally {
      for (const role of ROLES) await forget(door.hosts[role]);
    }
  }, 300_000);

  it("gets no certificate for a host whose DNS answer is not the door, and still serves the others", async () => {
    const door = await newDoor(PEBBLE.ports);
    await answer(door.hosts.backend, LOOPBACK);
    await answer(door.hosts.site, LOOPBACK);
    // Nothing listens there: pebble's validation connections for this name are refused.
    await answer(door.hosts.dashboard, "127.0.0.2");
    try {
      const file = workspaceFile(door, { acme: { directory: PEBBLE.directory, caRootFile: PEBBLE.caRootFile } });
      await withDrill(file, async () => {
        const root = await curl(["--cacert", PEBBLE.caRootFile, `${PEBBLE.management}/roots/0`]);
        for (const role of ["backend", "site"] as const)
          await until(
            `a trusted certificate for ${door.hosts[role]}`,
            60,
            async () => (await certificateOf(door, role, root))?.authorized || undefined,
          );
        // pebble really tried the address its DNS gave, for both challenges Caddy offers, and Caddy gave up the order.
        const lines = await until("Caddy giving up the dashboard host's order", 60, async () => {
          const { stdout, stderr } = await execFileAsync("docker", ["logs", `convex-${door.name}-proxy`]);
          const about = `${stdout}${stderr}`.split("\n").filter((line) => line.includes(door.hosts.dashboard));
          return about.some((line) => line.includes("could not get certificate from issuer")) ? about : undefined;
        });
        const failed = lines.filter((line) => line.includes('"msg":"challenge failed"'));
        expect(failed.find((line) => line.includes('"challenge_type":"http-01"'))).toMatch(
          /dial tcp 127\.0\.0\.2:\d+: connect: connection refused/,
        );
        expect(failed.find((line) => line.includes('"challenge_type":"tls-alpn-01"'))).toMatch(
          /Failed to connect to 127\.0\.0\.2:\d+ for the tls-alpn-01 challenge/,
        );
        expect(await certificateOf(door, "dashboard", root)).toBeUndefined();
      });
    } finally {
      for (const role of ROLES) await forget(door.hosts[role]);
    }
  }, 300_000);

  it("serves the three URLs with certificates from Caddy's own CA (tls internal)", async () => {
    const http = await freePort();
    let https = await freePort();
    while (https === http) https = await freePort();
    const door = await newDoor({ http, https });
    const rootFile = join(door.dir, "caddy-root.pem");
    await withDrill(workspaceFile(door, { tls: "internal" }), async () => {
      const root = await until("Caddy's own root in its storage", 30, () =>
        readFromContainer(`convex-${door.name}-proxy`, "/data/caddy/pki/authorities/local/root.crt"),
      );
      writeFileSync(rootFile, root);
      await checkDoor(door, rootFile, root, /^Caddy Local Authority - ECC Intermediate$/);
    });
  }, 300_000);
});
