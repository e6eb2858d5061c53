import { execFileSync } from "node:child_process";
import { type Server, connect, createServer } from "node:net";

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

/** The service listening on 127.0.0.1:`port`, reachable from containers (directly, or through a forwarder). */
export async function fromContainers(port: number): Promise<GatewayService> {
  const host = dockerGateway();
  if (await answers(host, port)) return { host, port, close: () => Promise.resolve() };
  const server: Server = createServer((client) => {
    const upstream = connect({ host: "127.0.0.1", port });
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end);
    upstream.on("error", end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, resolve);
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the forwarder has no port");
  return {
    host,
    port: address.port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}
