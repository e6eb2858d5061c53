import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { ConvexDeployment, InvalidPropsError, LocalPlusSync } from "../constructs";
import { DEFAULTS, MEMORY_MINIMUMS, SIDECAR_HEALTHCHECK } from "../constructs/domain";
import { workspaceFindings } from "../config/load";
import { configChecks } from "../doctor/config";
import type { WorkspaceFile } from "../vocabulary/workspace-schema";
import { byName, problemsOf, synth, textOf, workspace } from "./helpers/workspaces";

/*
 * Every container the stacks emit gets its limits, bounded logs and a healthcheck, as the docker provider's
 * attributes (kreuzwerker/docker 3.6.2: memory, memory_swap, cpu_period, cpu_quota, log_driver, log_opts,
 * healthcheck). The drill applies the same attributes on a real engine (__tests__/integration/drill.test.ts).
 */

const syncTarget = { kind: "CephViaGateway", endpoint: "http://172.17.0.1:7480", bucket: "backups" } as const;
const localPlusSync = (extra: Partial<WorkspaceFile> = {}): WorkspaceFile => ({
  name: "ops",
  storage: { kind: "LocalPlusSync", target: syncTarget },
  ...extra,
});
const containersOf = (file: WorkspaceFile) => byName(synth(workspace(file)), "docker_container");

describe("bounded logs", () => {
  it("every container of every storage kind logs to json-file, rotated at 10 MiB, 5 files kept, by default", () => {
    for (const file of [{ name: "ops" }, localPlusSync()]) {
      const containers = containersOf(file);
      for (const [name, container] of Object.entries(containers))
        expect({ name, driver: container.log_driver, options: container.log_opts }).toEqual({
          name,
          driver: "json-file",
          options: { "max-size": "10m", "max-file": "5" },
        });
    }
  });

  it("takes the workspace's logging for every container", () => {
    const containers = containersOf(localPlusSync({ logging: { driver: "local", maxSizeMiB: 2, maxFiles: 3 } }));
    expect(Object.keys(containers)).toHaveLength(4);
    for (const container of Object.values(containers))
      expect([container.log_driver, container.log_opts]).toEqual(["local", { "max-size": "2m", "max-file": "3" }]);
  });

  it("refuses a driver that keeps no bounded files, and sizes out of bounds, naming the field", () => {
    expect(problemsOf({ name: "ops", logging: { driver: "journald" } }).map((f) => f.path)).toEqual(["logging.driver"]);
    expect(problemsOf({ name: "ops", logging: { maxFiles: 0 } }).map((f) => f.path)).toEqual(["logging.maxFiles"]);
    expect(problemsOf({ name: "ops", logging: { maxSizeMiB: 1.5 } }).map((f) => f.path)).toEqual([
      "logging.maxSizeMiB",
    ]);
  });
});

describe("resource limits", () => {
  it("gives the backend and the dashboard none unless set, and each sidecar its measured default with one CPU", () => {
    const containers = containersOf(localPlusSync());
    for (const name of ["convex-ops-backend", "convex-ops-dashboard"]) {
      expect(containers[name]).not.toHaveProperty("memory");
      expect(containers[name]).not.toHaveProperty("cpu_quota");
      expect(containers[name]).not.toHaveProperty("labels");
    }
    for (const role of ["snapshot", "sync"] as const) {
      const { memoryMiB } = DEFAULTS.sidecarResources[role];
      expect(containers[`convex-ops-${role}`]).toMatchObject({
        memory: memoryMiB,
        // No swap: a sidecar at its limit stops there rather than slowing the host.
        memory_swap: memoryMiB,
        cpu_period: 100000,
        cpu_quota: 100000,
      });
    }
  });

  it("emits the workspace's limits as memory, memory_swap and a CPU quota, never the provider's crashing cpus", () => {
    const containers = containersOf(
      localPlusSync({
        resources: {
          backend: { memoryMiB: 4096, swapMiB: 512, cpus: 1.5 },
          dashboard: { memoryMiB: 1024 },
          sync: { memoryMiB: 512 },
        },
      }),
    );
    expect(containers["convex-ops-backend"]).toMatchObject({
      memory: 4096,
      memory_swap: 4608,
      cpu_period: 100000,
      cpu_quota: 150000,
    });
    expect(containers["convex-ops-backend"]).not.toHaveProperty("cpus");
    expect(containers["convex-ops-dashboard"]).toMatchObject({ memory: 1024, memory_swap: 1024 });
    expect(containers["convex-ops-dashboard"]).not.toHaveProperty("cpu_quota");
    // A field not given keeps the sidecar's default.
    expect(containers["convex-ops-sync"]).toMatchObject({ memory: 512, cpu_quota: 100000 });
  });

  it("labels the limits, so that a change of them replaces the container (the provider cannot update a quota)", () => {
    const label = (file: WorkspaceFile) =>
      (containersOf(file)["convex-ops-backend"].labels as { label: string; value: string }[] | undefined)?.find(
        (l) => l.label === "convex-stack.resources",
      )?.value;
    expect(label(localPlusSync({ resources: { backend: { memoryMiB: 2048, cpus: 2 } } }))).toBe(
      "memory=2048MiB swap=0MiB cpus=2",
    );
    expect(label(localPlusSync({ resources: { backend: { cpus: 0.5 } } }))).toBe("cpus=0.5");
    expect(label(localPlusSync())).toBeUndefined();
  });

  it("refuses limits Docker would refuse, and swap without a memory limit, naming the field", () => {
    const paths = (resources: unknown) => problemsOf({ name: "ops", resources }).map((f) => f.path);
    expect(paths({ backend: { memoryMiB: 4 } })).toEqual(["resources.backend.memoryMiB"]);
    expect(paths({ backend: { cpus: 0.001 } })).toEqual(["resources.backend.cpus"]);
    expect(paths({ backend: { cpus: 1.234 } })).toEqual(["resources.backend.cpus"]);
    expect(paths({ backend: { swapMiB: 100 } })).toEqual(["resources.backend.swapMiB"]);
    // The provider pinned here has no memory reservation and no pids limit: an unknown key, not a silent no-op.
    expect(paths({ backend: { pidsLimit: 100 } })).toEqual(["resources.backend"]);
  });

  it("refuses limits for a sidecar the workspace does not have", () => {
    const found = problemsOf({ name: "ops", resources: { sync: { memoryMiB: 256 } } });
    expect(found.map((f) => [f.rule, f.path])).toEqual([["resources-match-containers", "resources.sync"]]);
    expect(textOf(found[0])).toMatch(/containers are backend, dashboard/);
    const postgres = problemsOf({
      ...localPlusSync({ resources: { snapshot: { memoryMiB: 256 } } }),
      database: { kind: "postgres", host: "db.example.internal" },
    });
    expect(postgres.filter((f) => f.rule === "resources-match-containers").map((f) => f.path)).toEqual([
      "resources.snapshot",
    ]);
  });

  it("warns below a documented minimum, as a `!` row of the doctor, which a workspace may acknowledge", () => {
    const low = { backend: { memoryMiB: 512 }, sync: { memoryMiB: DEFAULTS.sidecarResources.sync.memoryMiB / 4 } };
    const found = workspaceFindings(workspace(localPlusSync({ resources: low })));
    expect(found.findings.map((f) => [f.rule, f.level, f.path])).toEqual([
      ["memory-below-minimum", "warning", "resources.backend.memoryMiB"],
      ["memory-below-minimum", "warning", "resources.sync.memoryMiB"],
    ]);
    expect(found.findings[0].info).toMatch(
      new RegExp(
        `is 512 MiB, below the ${MEMORY_MINIMUMS.backend!.memoryMiB} MiB the backend is documented to need .*fly/backend/fly\\.toml`,
      ),
    );
    expect(found.findings[1].info).toMatch(/backups stop/);
    expect(configChecks(found.findings)[0]).toMatchObject({ check: "config: memory-below-minimum", status: "warn" });
    const acknowledged = workspaceFindings(
      workspace({
        ...localPlusSync({ resources: low }),
        acknowledge: [{ rule: "memory-below-minimum", reason: "A demo workspace with a handful of documents." }],
      }),
    );
    expect(acknowledged.findings).toEqual([]);
    expect(acknowledged.acknowledged.map((f) => f.path)).toEqual([
      "resources.backend.memoryMiB",
      "resources.sync.memoryMiB",
    ]);
    // At the minimum, nothing is said.
    expect(
      workspaceFindings(workspace(localPlusSync({ resources: { backend: { memoryMiB: 1024 } } }))).findings,
    ).toEqual([]);
  });

  it("refuses a library prop out of bounds, or a token, naming the prop", () => {
    const deploy = (resources: unknown) => () => {
      const stack = new TerraformStack(Testing.app(), "s");
      new ConvexDeployment(stack, "convex", {
        workspaceName: "shop",
        urls: { backend: "https://a.example", site: "https://s.example", dashboard: "https://d.example" },
        resources: resources as never,
      });
    };
    expect(deploy({ backend: { memoryMiB: 3 } })).toThrow(
      new InvalidPropsError("backend.resources.memoryMiB must be a whole number of MiB from 6 to 4194304, got 3"),
    );
    expect(deploy({ dashboard: { cpus: 0 } })).toThrow(/dashboard\.resources\.cpus must be a number of CPUs/);
    const withToken = () => {
      const stack = new TerraformStack(Testing.app(), "s");
      const memory = new TerraformVariable(stack, "memory", { type: "number" }).numberValue;
      new ConvexDeployment(stack, "convex", {
        workspaceName: "shop",
        urls: { backend: "https://a.example", site: "https://s.example", dashboard: "https://d.example" },
        resources: { backend: { memoryMiB: memory } },
      });
    };
    expect(withToken).toThrow(/backend: memoryMiB must be known at synthesis/);
  });
});

describe("health of every container", () => {
  it("checks the dashboard's page with curl and waits for it, as the backend's /version", () => {
    const containers = containersOf({ name: "ops" });
    expect(containers["convex-ops-dashboard"]).toMatchObject({
      healthcheck: { test: ["CMD", "curl", "-f", "http://127.0.0.1:6791/"], retries: 3 },
      wait: true,
    });
  });

  it("checks each sidecar's record of its last run, with BusyBox sh only, and never waits for a first copy", () => {
    const containers = containersOf(localPlusSync());
    for (const role of ["snapshot", "sync"]) {
      const sidecar = containers[`convex-ops-${role}`];
      expect(sidecar.healthcheck).toEqual({
        test: SIDECAR_HEALTHCHECK.test,
        interval: "10s",
        timeout: "10s",
        start_period: "30s",
        retries: 1,
      });
      expect(sidecar).not.toHaveProperty("wait");
    }
    // The records the check reads are the ones the one-shot commands write.
    const sync = containers["convex-ops-sync"].labels as { label: string; value: string }[];
    const command = sync.find((l) => l.label === "convex-stack.sync-command")!.value;
    expect(command).toContain("/tmp/convex-stack-last-run");
    expect(command).toContain("/tmp/convex-stack-last-run-started");
    expect(SIDECAR_HEALTHCHECK.test.join(" ")).not.toContain("${");
  });

  it("checks the front door's HTTP listener with BusyBox wget, and gives it the workspace's limits and logs", () => {
    const door = (extra: Partial<WorkspaceFile> = {}): WorkspaceFile => ({
      name: "ops",
      network: {
        publicUrls: {
          backend: "https://api.ops.example.com",
          site: "https://site.ops.example.com",
          dashboard: "https://dash.ops.example.com",
        },
      },
      proxy: { ports: { http: 8080, https: 443 } },
      ...extra,
    });
    const plain = containersOf(door())["convex-ops-proxy"];
    expect(plain).toMatchObject({
      healthcheck: { test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"], retries: 3 },
      log_driver: "json-file",
      log_opts: { "max-size": "10m", "max-file": "5" },
    });
    // No default limit: Caddy documents no minimum, and what it holds grows with its connections.
    expect(plain).not.toHaveProperty("memory");
    const limited = containersOf(
      door({ resources: { proxy: { memoryMiB: 256, cpus: 0.5 } }, logging: { maxSizeMiB: 1, maxFiles: 2 } }),
    )["convex-ops-proxy"];
    expect(limited).toMatchObject({
      memory: 256,
      memory_swap: 256,
      cpu_quota: 50000,
      log_opts: { "max-size": "1m", "max-file": "2" },
    });
    expect(problemsOf({ name: "ops", resources: { proxy: { memoryMiB: 256 } } }).map((f) => [f.rule, f.path])).toEqual([
      ["resources-match-containers", "resources.proxy"],
    ]);
  });

  it("gives a LocalPlusSync composed by hand the same sidecar settings", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const key = (name: string) => new TerraformVariable(stack, name, { type: "string", sensitive: true }).stringValue;
    new ConvexDeployment(stack, "convex", {
      workspaceName: "shop",
      urls: { backend: "https://a.example", site: "https://s.example", dashboard: "https://d.example" },
      storage: new LocalPlusSync({
        target: { ...syncTarget, credentials: { accessKeyId: key("k"), secretAccessKey: key("s") } },
      }),
      resources: { snapshot: { cpus: 0.25 } },
      logging: { maxFiles: 2 },
    });
    const tf = JSON.parse(Testing.synth(stack)) as {
      resource: { docker_container: Record<string, Record<string, unknown>> };
    };
    const snapshot = Object.values(tf.resource.docker_container).find((c) => c.name === "convex-shop-snapshot")!;
    expect(snapshot).toMatchObject({
      memory: DEFAULTS.sidecarResources.snapshot.memoryMiB,
      cpu_quota: 25000,
      log_opts: { "max-file": "2", "max-size": "10m" },
      healthcheck: { retries: 1 },
    });
  });
});
