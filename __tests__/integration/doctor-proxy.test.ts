import { lookup } from "node:dns/promises";
import { type Server, createServer } from "node:net";
import { hostname } from "node:os";
import { runDoctor } from "../../doctor";
import { checkOf, freePort, freePorts } from "../helpers/doctor";
import { uniqueName } from "../helpers/rgw";
import { workspace } from "../helpers/workspaces";

/* The doctor's front door rows: its ports tried on this machine, its host names resolved from here. */

const servers: Server[] = [];
afterEach(() => servers.splice(0).forEach((server) => server.close()));

function occupy(port: number): Promise<void> {
  const server = createServer();
  servers.push(server);
  return new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
}

/** A workspace behind a door on free ports of 127.0.0.1; the backend's URL names `backendHost`. */
async function doorWorkspace(backendHost: string) {
  const name = uniqueName("door");
  const http = await freePort();
  let https = await freePort();
  while (https === http) https = await freePort();
  const url = (host: string) => `https://${host}:${https}`;
  return workspace({
    name,
    network: {
      ports: await freePorts(),
      publicUrls: { backend: url(backendHost), site: url(`site-${name}.test`), dashboard: url(`dash-${name}.test`) },
    },
    proxy: { bindAddress: "127.0.0.1", ports: { http, https } },
  });
}

describe("doctor: the front door", () => {
  it("tries the door's ports on its bind address and names the field of one in use", async () => {
    const ws = await doorWorkspace(`api-${uniqueName("door")}.test`);
    const { http, https } = ws.config.proxy!.ports;
    await occupy(https);
    const report = await runDoctor(ws, { env: {} });
    expect(checkOf(report, "host port: proxy http")).toEqual({
      check: "host port: proxy http",
      status: "pass",
      detail: `127.0.0.1:${http} is free`,
    });
    expect(checkOf(report, "host port: proxy https")).toEqual({
      check: "host port: proxy https",
      status: "fail",
      detail: `127.0.0.1:${https} is in use by another process`,
      fix: `free the port, or pick another proxy.ports.https in ${ws.file}`,
    });
    expect(report.ok).toBe(false);
  });

  it("says what each host name resolves to, and warns about one that does not resolve", async () => {
    // This machine's own name resolves (the hosts file); names under .test never do (RFC 2606).
    const own = hostname().toLowerCase();
    const addresses = (await lookup(own, { all: true })).map((answer) => answer.address);
    const ws = await doorWorkspace(own);
    const report = await runDoctor(ws, { env: {} });
    expect(checkOf(report, "proxy host: backend")).toEqual({
      check: "proxy host: backend",
      status: "pass",
      detail: `${own} resolves to ${addresses.join(", ")} (from here): it must be the Docker host's address as the CA and clients reach it`,
    });
    const site = new URL(ws.urls.site).hostname;
    expect(checkOf(report, "proxy host: site")).toEqual({
      check: "proxy host: site",
      status: "warn",
      detail: `${site} does not resolve from here (ENOTFOUND): the CA cannot validate it, so the door gets no certificate for it, and clients cannot reach it`,
      fix: `point an A (or AAAA) record for ${site} at the Docker host's public address`,
    });
  });

  it("has no front door rows for a workspace without one", async () => {
    const report = await runDoctor(workspace({ name: uniqueName("nodoor"), network: { ports: await freePorts() } }), {
      env: {},
    });
    expect(report.checks.filter((c) => /proxy/.test(c.check))).toEqual([]);
  });
});
