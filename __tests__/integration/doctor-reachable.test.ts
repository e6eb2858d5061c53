import { BACKEND_IMAGE } from "../../constructs/domain";
import { runDoctor } from "../../doctor";
import { ensureImages } from "../../drill/images";
import { checkOf, freePorts } from "../helpers/doctor";
import { requireEnv, rgw, rgwStorageEnv, uniqueName } from "../helpers/rgw";
import { workspaceIgnoringRules } from "../helpers/workspaces";

/*
 * The doctor's `reachable:` rows try what the containers use from a container of the backend's image on a
 * bridge network: the S3 probes on this machine pass a loopback endpoint, this row does not.
 */

jest.setTimeout(600_000);

const ceph = async (endpoint: string) =>
  workspaceIgnoringRules({
    name: uniqueName("reach"),
    network: { ports: await freePorts() },
    storage: { kind: "CephViaGateway", endpoint, bucketPrefix: uniqueName("reach") },
  });

beforeAll(async () => {
  const ws = await ceph(rgw().endpoint);
  await ensureImages([`${BACKEND_IMAGE}:${ws.config.convex.version}`]);
});

describe("doctor: reachable from the containers' network", () => {
  it("fails an RGW endpoint on 127.0.0.1, which answers on this machine but not inside a container", async () => {
    const report = await runDoctor(await ceph(requireEnv("CONVEX_TEST_RGW_LOOPBACK_ENDPOINT")), {
      env: rgwStorageEnv(),
    });
    const check = checkOf(report, "reachable: storage.endpoint");
    expect(check.status).toBe("fail");
    expect(check.detail).toMatch(/is not reachable from inside a bridge network like the one the deploy creates/);
    expect(check.detail).toMatch(/Failed to connect to 127\.0\.0\.1/);
    expect(checkOf(report, "config: reachable-from-containers").status).toBe("fail");
  });

  it("passes the same RGW at the Docker bridge's gateway, and leaves no network behind", async () => {
    const ws = await ceph(rgw().endpoint);
    const report = await runDoctor(ws, { env: rgwStorageEnv() });
    const check = checkOf(report, "reachable: storage.endpoint");
    expect(check.status).toBe("pass");
    expect(check.detail).toMatch(/answers HTTP \d{3} from inside a bridge network/);
  });

  it("tries the database server's host and port from TF_VAR_database_url, never printing the URL", async () => {
    const url = new URL(requireEnv("CONVEX_TEST_PG_URL"));
    const ws = workspaceIgnoringRules({
      name: uniqueName("reach"),
      network: { ports: await freePorts() },
      database: { kind: "postgres", requireSsl: false },
    });
    const report = await runDoctor(ws, { env: { TF_VAR_database_url: url.href } });
    const check = checkOf(report, "reachable: database");
    expect(check).toMatchObject({
      status: "pass",
      detail: `${url.hostname}:${url.port} accepts a TCP connection from inside a bridge network like the one the deploy creates (${ws.names.network} does not exist yet)`,
    });
    expect(JSON.stringify(report)).not.toContain(url.password);
  });
});
