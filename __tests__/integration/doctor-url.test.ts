import { expect } from "@jest/globals";
import { type Server, createServer } from "node:http";
import { runDoctor } from "../../doctor";
import { checkOf, freePorts } from "../helpers/doctor";
import { uniqueName } from "../helpers/rgw";
import { workspace } from "../helpers/workspaces";

/* The public-URL check against real HTTP servers on this machine. */

let server: Server | undefined;
afterEach(() => server?.close());

async function serve(port: number, status: number, body: string): Promise<void> {
  server = createServer((request, response) => {
    response.writeHead(request.url === "/version" ? status : 404).end(request.url === "/version" ? body : "");
  });
  await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
}

async function urlWorkspace() {
  const ports = await freePorts();
  const base = `http://127.0.0.1:${ports.backend}`;
  return workspace({
    name: uniqueName("url"),
    network: {
      ports,
      publicUrls: {
        backend: base,
        site: `http://127.0.0.1:${ports.site}`,
        dashboard: `http://127.0.0.1:${ports.dashboard}`,
      },
    },
  });
}

describe("doctor: the backend's public URL", () => {
  it("passes when GET /version answers", async () => {
    const ws = await urlWorkspace();
    await serve(ws.config.network.ports.backend, 200, "unknown\n");
    const report = await runDoctor(ws, { env: {} });
    expect(checkOf(report, "backend url")).toEqual({
      check: "backend url",
      status: "pass",
      detail: `${ws.urls.backend}/version answers 200: unknown`,
    });
  });

  it("warns, without failing the run, when nothing answers: not deployed yet", async () => {
    const ws = await urlWorkspace();
    const report = await runDoctor(ws, { env: {} });
    expect(checkOf(report, "backend url")).toMatchObject({
      status: "warn",
      detail: expect.stringContaining("does not answer (connect ECONNREFUSED"),
    });
    expect(report.ok).toBe(true);
  });

  it("warns when something else answers at the URL", async () => {
    const ws = await urlWorkspace();
    await serve(ws.config.network.ports.backend, 502, "bad gateway");
    expect(checkOf(await runDoctor(ws, { env: {} }), "backend url")).toMatchObject({
      status: "warn",
      detail: `${ws.urls.backend}/version answers HTTP 502, not a Convex backend's /version`,
    });
  });
});
