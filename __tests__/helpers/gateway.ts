import { execFileSync, spawn } from "node:child_process";
import { connect } from "node:net";

/*
 * The test services (RGW, PostgreSQL) as the containers a drill starts reach them: on the Docker bridge's
 * gateway, the address of this machine that every bridge network routes to (from inside a container,
 * 127.0.0.1 is the container itself). scripts/services/start-rgw.sh and start-postgres.sh listen there too;
 * a service started before they did (a long-running developer machine) is reached through a TCP forwarder
 * on the gateway instead, which this helper starts and the test closes.
 */

/** The address of this machine on Docker's default bridge (e.g. 172.17.0.1). */
export function dockerGateway(): string {
  const gateway = execFileSync(
    "docker",
    ["network", "inspect", "bridge", "--format", "{{range .IPAM.Config}}{{.Gateway}}{{end}}"],
    { encoding: "utf8" },
  ).trim();
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(gateway)) throw new Error(`no gateway on Docker's bridge network: "${gateway}"`);
  return gateway;
}

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1000 });
    socket.on("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
    socket.on("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** A service of this machine as containers reach it: its gateway address and port, and how to stop reaching it. */
export interface GatewayService {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/*
 * The forwarder runs as a process of its own: a test that blocks its process (spawnSync of a command that
 * then connects through the forwarder) would otherwise wait on itself. It exits when its standard input
 * closes, so it never outlives the process that started it.
 */
const FORWARDER = `
const net = require("node:net");
const [host, target] = process.argv.slice(1);
const server = net.createServer((client) => {
  const upstream = net.connect({ host: "127.0.0.1", port: Number(target) });
  client.pipe(upstream).pipe(client);
  const end = () => { client.destroy(); upstream.destroy(); };
  client.on("error", end);
  upstream.on("error", end);
});
server.listen(0, host, () => process.stdout.write(server.address().port + "\\n"));
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
`;

/** The service listening on 127.0.0.1:`port`, reachable from containers (directly, or through a forwarder). */
export async function fromContainers(port: number): Promise<GatewayService> {
  const host = dockerGateway();
  if (await answers(host, port)) return { host, port, close: () => Promise.resolve() };
  const child = spawn(process.execPath, ["-e", FORWARDER, host, String(port)], { stdio: ["pipe", "pipe", "inherit"] });
  const forwarded = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the forwarder to port ${port} exited with ${code}`)));
    child.stdout.once("data", (data: Buffer) => resolve(Number(data.toString().trim())));
  });
  child.removeAllListeners("exit");
  return {
    host,
    port: forwarded,
    close: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.stdin.end();
      }),
  };
}
