import { execFile } from "node:child_process";
import { createServer } from "node:net";
import { hostPortsOf } from "../config/port-clash";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import { type CheckResult, TIMEOUTS, fail, pass, skip } from "../probes/check";

/**
 * The host ports must be free on their bind address, or held by this workspace's own containers (a redeploy
 * replaces them): the three services' on `network.bindAddress`, and the front door's (80 and 443 unless said
 * otherwise) on `proxy.bindAddress`. Binding is tried on this machine, so only a local Docker host is checked.
 */
export async function portChecks(ws: ResolvedWorkspace): Promise<CheckResult[]> {
  const host = ws.config.docker.host;
  if (!isLocal(host)) {
    return [skip("host ports", `Docker host ${host} is another machine: ports can only be tried on this one`)];
  }
  let published: Promise<PublishedPort[]> | undefined;
  const results: CheckResult[] = [];
  for (const { name, path, address: bindAddress, addressPath, port } of hostPortsOf(ws)) {
    const check = `host port: ${name}`;
    const address = `${bindAddress}:${port}`;
    const bound = await tryBind(bindAddress, port);
    if (bound === "free") {
      results.push(pass(check, `${address} is free`));
      continue;
    }
    if (bound === "EADDRNOTAVAIL") {
      results.push(
        fail(
          check,
          `${bindAddress} is not an address of this machine`,
          `set ${addressPath} in ${ws.file} to one of this host's addresses (127.0.0.1 or 0.0.0.0)`,
        ),
      );
      continue;
    }
    if (bound === "EACCES") {
      // Docker's proxy runs as root; this process may not be allowed to try a low port.
      results.push(skip(check, `${address}: this process may not bind it (EACCES), so it was not tried`));
      continue;
    }
    if (bound !== "EADDRINUSE") {
      results.push(fail(check, `cannot bind ${address}: ${bound}`, `pick another ${path} in ${ws.file}`));
      continue;
    }
    published ??= publishedPorts(host);
    const holder = (await published).find((p) => p.port === port);
    const own = [
      ws.names.backendContainer,
      ws.names.dashboardContainer,
      ws.names.syncContainer,
      ws.names.proxyContainer,
    ];
    if (holder && own.includes(holder.container)) {
      results.push(
        pass(check, `${address} is held by this workspace's own ${holder.container} (the deploy replaces it)`),
      );
    } else {
      results.push(
        fail(
          check,
          `${address} is in use by ${holder ? `container ${holder.container}` : "another process"}`,
          `free the port, or pick another ${path} in ${ws.file}`,
        ),
      );
    }
  }
  return results;
}

function isLocal(dockerHost: string): boolean {
  return dockerHost.startsWith("unix://") || /^tcp:\/\/(127\.\d+\.\d+\.\d+|localhost)(:\d+)?$/.test(dockerHost);
}

/** "free", or the error code binding got (EADDRINUSE, EADDRNOTAVAIL, EACCES). */
function tryBind(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve("free")));
  });
}

interface PublishedPort {
  readonly container: string;
  readonly port: number;
}

/** Host ports published by running containers (`docker ps`: "127.0.0.1:3210->3210/tcp, ..."). */
function publishedPorts(dockerHost: string): Promise<PublishedPort[]> {
  return new Promise((resolve) => {
    execFile(
      "docker",
      ["--host", dockerHost, "ps", "--format", "{{.Names}}\t{{.Ports}}"],
      { timeout: TIMEOUTS.docker, encoding: "utf8" },
      (error, stdout) => {
        if (error) return resolve([]);
        resolve(
          stdout
            .split("\n")
            .filter(Boolean)
            .flatMap((line) => {
              const [container, ports = ""] = line.split("\t");
              return [...ports.matchAll(/:(\d+)->/g)].map((m) => ({ container, port: Number(m[1]) }));
            }),
        );
      },
    );
  });
}
