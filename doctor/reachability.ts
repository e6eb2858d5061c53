import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { BACKEND_IMAGE, secretEnvName } from "../constructs/domain";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import { type CheckResult, errorText, fail, pass, skip } from "../probes/check";

/*
 * The services the containers use, tried from where the containers are: a throwaway container of the
 * backend's image (what the stack pins, which has curl for its healthcheck) on the workspace's network, or,
 * before the first deploy, on a bridge network of the doctor's own, the same kind the stack creates. An S3
 * endpoint must answer HTTP, a database server accept a TCP connection. The S3 behaviour probes stay on this
 * machine (the storage rows): only where the backend connects from is tried here.
 */

/** One docker run of curl, from its start to its end. */
const RUN_TIMEOUT_MS = 20_000;
/** curl's own limits inside the container (seconds). */
const CONNECT_SECONDS = 3;
const TRANSFER_SECONDS = 5;

const CHECK = "reachable";

interface Target {
  /** Where the workspace gives it, for the row's name. */
  readonly path: string;
  /** What curl is given: an http(s) URL, or telnet://host:port for a bare TCP connection. */
  readonly url: string;
  /** How the row names it (no secret). */
  readonly shown: string;
  readonly tcpOnly: boolean;
}

const DEFAULT_DATABASE_PORT = { postgres: 5432, mysql: 3306 } as const;

/** What the containers connect to: the storage kind's endpoints, the database server (host and port only). */
function targets(ws: ResolvedWorkspace, env: NodeJS.ProcessEnv): Target[] {
  const found: Target[] = (ws.storageKind.containerEndpoints?.(ws.config.storage) ?? []).map((endpoint) => ({
    path: endpoint.path,
    url: endpoint.url,
    shown: endpoint.url,
    tcpOnly: false,
  }));
  const database = ws.config.database;
  if (database.kind === "sqlite") return found;
  let host = database.host;
  let port: number = DEFAULT_DATABASE_PORT[database.kind];
  const url = env[secretEnvName("database_url")];
  try {
    if (url) {
      const parsed = new URL(url);
      host = parsed.hostname || host;
      port = parsed.port ? Number(parsed.port) : port;
    }
  } catch {
    // Not a URL: the database rows say so.
  }
  if (host) {
    const address = `${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${port}`;
    found.push({ path: "database", url: `telnet://${address}`, shown: address, tcpOnly: true });
  }
  return found;
}

function docker(host: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      "docker",
      ["--host", host, ...args],
      { encoding: "utf8", timeout: RUN_TIMEOUT_MS, env: { ...process.env, DOCKER_CLI_HINTS: "false" } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr: error && code === -1 ? errorText(error) : stderr });
      },
    );
    child.stdin?.end();
  });
}

/** curl's answer, read: HTTP status for a URL, whether it connected for a bare TCP target. */
function verdict(target: Target, run: { code: number; stdout: string; stderr: string }, where: string): CheckResult {
  const check = `${CHECK}: ${target.path}`;
  const [status = "", connectSeconds = "0"] = run.stdout.trim().split(" ");
  const said = run.stderr.trim().split("\n").pop() ?? "";
  // With a bare TCP target curl holds the connection until its time limit (exit 28) once connected.
  const connected = Number(connectSeconds) > 0;
  if (target.tcpOnly ? connected : run.code === 0 && status !== "000")
    return pass(
      check,
      `${target.shown} ${target.tcpOnly ? "accepts a TCP connection" : `answers HTTP ${status}`} from inside ${where}`,
    );
  return fail(
    check,
    `${target.shown} is not reachable from inside ${where}, where the ${target.path === "database" ? "backend" : "containers"} connect from: ${said || `curl exited with ${run.code}`}`,
    "give an address the containers reach (rule reachable-from-containers says which), and make the service listen there and accept connections from the Docker networks",
  );
}

export async function reachabilityChecks(ws: ResolvedWorkspace, env: NodeJS.ProcessEnv): Promise<CheckResult[]> {
  const wanted = targets(ws, env);
  if (wanted.length === 0) return [];
  const host = ws.config.docker.host;
  const image = `${BACKEND_IMAGE}:${ws.config.convex.version}`;
  const inspected = await docker(host, ["image", "inspect", "--format", "{{.Id}}", image]);
  if (inspected.code !== 0)
    return [
      skip(
        CHECK,
        `not tried from the containers' network: ${image} is not on ${host} yet (the deploy pulls it; docker pull ${image}, then run the doctor again)`,
      ),
    ];
  const existing = await docker(host, ["network", "inspect", "--format", "{{.Name}}", ws.names.network]);
  const own = existing.code === 0 ? undefined : `convex-doctor-${randomBytes(4).toString("hex")}`;
  if (own) {
    const created = await docker(host, ["network", "create", "--driver", "bridge", own]);
    if (created.code !== 0)
      return [fail(CHECK, `could not create a network to try from: ${created.stderr.trim()}`, "check the Docker host")];
  }
  const network = own ?? ws.names.network;
  const where = own
    ? `a bridge network like the one the deploy creates (${ws.names.network} does not exist yet)`
    : `the network ${network}`;
  try {
    const results: CheckResult[] = [];
    for (const target of wanted) {
      const run = await docker(host, [
        "run",
        "--rm",
        "--network",
        network,
        "--entrypoint",
        "curl",
        image,
        "-sS",
        "-o",
        "/dev/null",
        "-w",
        "%{http_code} %{time_connect}",
        "--connect-timeout",
        String(CONNECT_SECONDS),
        "--max-time",
        String(target.tcpOnly ? 1 + CONNECT_SECONDS : TRANSFER_SECONDS),
        target.url,
      ]);
      results.push(verdict(target, run, where));
    }
    return results;
  } finally {
    if (own) await docker(host, ["network", "rm", own]);
  }
}
