import { DATABASE_URL_VARIABLE as URL_VARIABLE } from "../database-url";
import { isLoopbackHost, isLoopbackUrl, onDefaultGateway, reachableFix } from "../loopback";
import type { Report, WorkspaceRule } from "../../vocabulary/rule";

/**
 * What the containers use (the backend's S3 gateway, the sync sidecar's target, the database server) is
 * reached from inside them, where a loopback address is the container itself. The Terraform state endpoint is
 * used from the machine that deploys, and may be on loopback.
 */
export const reachableFromContainers: WorkspaceRule = {
  id: "reachable-from-containers",
  stage: "workspace",
  level: "error",
  doc: {
    finds:
      "a loopback address (localhost, 127.0.0.0/8, ::1, 0.0.0.0) for what the containers use: a storage endpoint, a sync target endpoint, `database.host`, the host of `TF_VAR_database_url` when it is set",
    prevents:
      "a backend or sidecar talking to itself: inside its container on the workspace's bridge network, localhost is the container, so every upload or query fails, while the doctor's S3 probes (run on this machine) pass",
    fix: "the Docker bridge's gateway address (e.g. `http://172.17.0.1:7480`, with the service listening there), a host-gateway alias, or a container on the same network",
    source:
      "Docker's networking overview (https://docs.docker.com/engine/network/): each container has its own network stack and loopback interface",
  },
  cannotAcknowledge:
    "inside a container a loopback address is always that container: nothing the stack deploys could reach the service there",

  check(ws, { env }) {
    const network = ws.names.network;
    const reports: Report[] = (ws.storageKind.containerEndpoints?.(ws.config.storage) ?? [])
      .filter((endpoint) => isLoopbackUrl(endpoint.url))
      .map((endpoint) => ({
        path: endpoint.path,
        info: `is ${endpoint.url}, a loopback address: ${endpoint.container} connects to it from inside its container on the network ${network}, where it is the container itself, so every request would fail`,
        fix: reachableFix(network, onDefaultGateway(endpoint.url)),
      }));
    const database = ws.config.database;
    if (database.kind === "sqlite") return reports;
    if (database.host !== undefined && isLoopbackHost(database.host))
      reports.push({
        path: "database.host",
        info: `is ${database.host}, a loopback address: the backend connects to the ${database.kind} server from inside its container, where that is the container itself`,
        fix: reachableFix(network, onDefaultGateway(database.host)),
      });
    const url = env[URL_VARIABLE];
    let host: string | undefined;
    try {
      host = url ? new URL(url).hostname : undefined;
    } catch {
      host = undefined; // rule database-url says what is wrong with it
    }
    if (host && isLoopbackHost(host))
      reports.push({
        path: "database",
        // The URL is a secret: its host is named as what it is, never quoted.
        info: `${URL_VARIABLE} names a loopback address as its host: the backend connects to the ${database.kind} server from inside its container, where that is the container itself`,
        fix: `in ${URL_VARIABLE}, ${reachableFix(network)}`,
      });
    return reports;
  },
};
