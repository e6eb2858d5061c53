import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";
import { docker } from "./docker";
import { rgw } from "./rgw";

/** The host's address on Docker's default bridge: how a container reaches a service on this machine. */
export function bridgeGateway(): string {
  return docker("network", "inspect", "bridge", "--format", "{{(index .IPAM.Config 0).Gateway}}");
}

/** A TCP forwarder in its own process (so a test blocked in a synchronous `docker exec` does not block it). */
const FORWARDER = `
const net = require("node:net");
const [listenHost, targetHost, targetPort] = process.argv.slice(1);
const server = net.createServer((client) => {
  const upstream = net.connect(Number(targetPort), targetHost);
  client.pipe(upstream).on("error", () => upstream.destroy());
  upstream.pipe(client).on("error", () => client.destroy());
  client.on("error", () => upstream.destroy());
  upstream.on("error", () => client.destroy());
});
server.listen(0, listenHost, () => process.stdout.write(server.address().port + "\\n"));
process.stdin.on("end", () => process.exit(0)).resume();
`;

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
    socket.on("connect", () => (socket.destroy(), resolve(true)));
    socket.on("error", () => resolve(false));
  });
}

/**
 * The test RGW as containers reach it: on the bridge gateway when it listens there, else through a forwarder
 * this run starts on the gateway address (a free port) to its loopback endpoint. `close` stops the forwarder.
 */
export async function rgwForContainers(): Promise<{ endpoint: string; close: () => void }> {
  const loopback = new URL(rgw().endpoint);
  const gateway = bridgeGateway();
  if (await answers(gateway, Number(loopback.port)))
    return { endpoint: `http://${gateway}:${loopback.port}`, close: () => undefined };
  const forwarder: ChildProcess = spawn(
    process.execPath,
    ["-e", FORWARDER, gateway, loopback.hostname, loopback.port],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const port = await new Promise<string>((resolve, reject) => {
    forwarder.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim()));
    forwarder.once("exit", (code) => reject(new Error(`the RGW forwarder exited (${code})`)));
  });
  return { endpoint: `http://${gateway}:${port}`, close: () => forwarder.stdin!.end() };
}
