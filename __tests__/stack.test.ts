import { TerraformStack, Testing, Token } from "cdktf";
import { Database } from "../constructs/database";
import { ConvexDeployment, type ConvexDeploymentProps } from "../constructs/convex-deployment";
import { toDockerEnv } from "../constructs/environment";
import { byName, envOf, synth, workspace } from "./helpers/workspaces";

describe("the default local workspace's stack", () => {
  const stack = synth(workspace({ name: "local" }));
  const containers = byName(stack, "docker_container");

  it("names every Docker object after the workspace", () => {
    expect(Object.keys(containers).sort()).toEqual(["convex-local-backend", "convex-local-dashboard"]);
    expect(Object.keys(byName(stack, "docker_volume"))).toEqual(["convex-local-data"]);
    expect(Object.keys(byName(stack, "docker_network"))).toEqual(["convex-local"]);
  });

  it("gives the backend exactly the variables it reads, with upstream compose's safe defaults", () => {
    expect(envOf(stack, "convex-local-backend")).toEqual({
      INSTANCE_NAME: "convex-local",
      CONVEX_CLOUD_ORIGIN: "http://localhost:3210",
      CONVEX_SITE_ORIGIN: "http://localhost:3211",
      RUST_LOG: "info",
      // self-hosted/docker/docker-compose.yml:15-18 and 31-32 at 652b828b
      APPLICATION_MAX_CONCURRENT_QUERIES: "16",
      APPLICATION_MAX_CONCURRENT_MUTATIONS: "16",
      APPLICATION_MAX_CONCURRENT_V8_ACTIONS: "16",
      APPLICATION_MAX_CONCURRENT_NODE_ACTIONS: "16",
      DISABLE_METRICS_ENDPOINT: "true",
      DOCUMENT_RETENTION_DELAY: "172800",
    });
  });

  it("gives the dashboard only the backend's own URL", () => {
    const dashboard = envOf(stack, "convex-local-dashboard");
    expect(dashboard).toEqual({ NEXT_PUBLIC_DEPLOYMENT_URL: envOf(stack, "convex-local-backend").CONVEX_CLOUD_ORIGIN });
  });

  it("runs the backend as upstream's compose does: healthcheck, SIGINT, 10 s, unless-stopped, wait for healthy", () => {
    expect(containers["convex-local-backend"]).toMatchObject({
      healthcheck: {
        test: ["CMD", "curl", "-f", "http://localhost:3210/version"],
        interval: "5s",
        start_period: "10s",
      },
      stop_signal: "SIGINT",
      stop_timeout: 10,
      restart: "unless-stopped",
      wait: true,
      // Long enough for the start after an upgrade (DEFAULT_BACKEND_WAIT_TIMEOUT_SECONDS).
      wait_timeout: 600,
      volumes: [{ container_path: "/convex/data" }],
      ports: [
        { internal: 3210, external: 3210, ip: "127.0.0.1" },
        { internal: 3211, external: 3211, ip: "127.0.0.1" },
      ],
    });
  });

  it("starts the dashboard only after the backend is healthy", () => {
    const backendAddress = Object.entries(stack.tf.resource.docker_container).find(
      ([, c]) => c.name === "convex-local-backend",
    )![0];
    expect(containers["convex-local-dashboard"].depends_on).toEqual([`docker_container.${backendAddress}`]);
    expect(containers["convex-local-dashboard"].ports).toEqual([{ internal: 6791, external: 6791, ip: "127.0.0.1" }]);
  });

  it("pins both images to the same revision and keeps them on destroy", () => {
    const images = Object.values(stack.tf.resource.docker_image);
    expect(images.map((i) => i.name).sort()).toEqual([
      "ghcr.io/get-convex/convex-backend:652b828b5129e6cdbcaa3c20efa8d116d09ff3bf",
      "ghcr.io/get-convex/convex-dashboard:652b828b5129e6cdbcaa3c20efa8d116d09ff3bf",
    ]);
    for (const image of images) expect(image.keep_locally).toBe(true);
  });

  it("protects the data volume from destroy and labels what it was created with", () => {
    const volume = byName(stack, "docker_volume")["convex-local-data"];
    // Labels describe the data as created: never rewritten in place (that would replace the volume).
    expect(volume.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ["labels"] });
    expect(volume.labels).toEqual([
      { label: "convex-stack.database", value: "sqlite" },
      { label: "convex-stack.instance-name", value: "convex-local" },
      { label: "convex-stack.storage-location", value: "volume" },
      { label: "convex-stack.storage-mode", value: "local" },
      { label: "convex-stack.workspace", value: "local" },
    ]);
  });

  it("declares no variable when no secret is used", () => {
    expect(stack.tf.variable).toBeUndefined();
  });

  it("outputs the URLs, the admin key command and the frontend settings from one source", () => {
    const out = Object.fromEntries(Object.entries(stack.tf.output).map(([k, v]) => [k, v.value]));
    expect(out).toEqual({
      backend_url: "http://localhost:3210",
      site_url: "http://localhost:3211",
      dashboard_url: "http://localhost:6791",
      admin_key_command: "docker exec convex-local-backend ./generate_admin_key.sh",
      frontend_env: { VITE_CONVEX_URL: "http://localhost:3210", CONVEX_SELF_HOSTED_URL: "http://localhost:3210" },
    });
  });

  it("keeps the state file where cdktf would, without an absolute path", () => {
    expect(stack.tf.terraform.backend).toEqual({ local: { path: "../../../terraform.local.tfstate" } });
    expect(stack.json).not.toMatch(/"\/(root|work|tmp|home|usr)\//);
  });

  it("synthesizes byte-identical JSON twice", () => {
    expect(synth(workspace({ name: "local" })).json).toBe(stack.json);
  });
});

describe("workspace options in the stack", () => {
  it("lets a throw-away workspace opt out of the volume's destroy protection", () => {
    const stack = synth(workspace({ name: "tmp", volume: { protectFromDestroy: false } }));
    expect(byName(stack, "docker_volume")["convex-tmp-data"].lifecycle).toEqual({
      prevent_destroy: false,
      ignore_changes: ["labels"],
    });
  });

  it("names a new volume for a new generation", () => {
    const stack = synth(workspace({ name: "app", volume: { generation: 2 } }));
    expect(Object.keys(byName(stack, "docker_volume"))).toEqual(["convex-app-data-g2"]);
  });

  it("publishes on the bind address and ports of the file, and derives the URLs from that address", () => {
    const stack = synth(
      workspace({
        name: "app",
        network: { bindAddress: "127.0.0.2", ports: { backend: 4210, site: 4211, dashboard: 4791 } },
      }),
    );
    const c = byName(stack, "docker_container");
    expect(c["convex-app-backend"].ports).toEqual([
      { internal: 3210, external: 4210, ip: "127.0.0.2" },
      { internal: 3211, external: 4211, ip: "127.0.0.2" },
    ]);
    // Not localhost: that is 127.0.0.1, where another workspace may listen on the same ports.
    expect(envOf(stack, "convex-app-backend")).toMatchObject({
      CONVEX_CLOUD_ORIGIN: "http://127.0.0.2:4210",
      CONVEX_SITE_ORIGIN: "http://127.0.0.2:4211",
    });
    expect(stack.tf.output.dashboard_url.value).toBe("http://127.0.0.2:4791");
  });

  it("derives bracketed URLs from an IPv6 bind address", () => {
    const stack = synth(workspace({ name: "app", network: { bindAddress: "::1" } }));
    expect(byName(stack, "docker_container")["convex-app-backend"].ports).toContainEqual({
      internal: 3210,
      external: 3210,
      ip: "::1",
    });
    expect(envOf(stack, "convex-app-backend").CONVEX_CLOUD_ORIGIN).toBe("http://[::1]:3210");
  });

  it("publishes on every address with the stated public URLs", () => {
    const publicUrls = {
      backend: "https://api.example.com",
      site: "https://site.example.com",
      dashboard: "https://dash.example.com",
    };
    const stack = synth(workspace({ name: "app", network: { bindAddress: "0.0.0.0", publicUrls } }));
    expect(byName(stack, "docker_container")["convex-app-backend"].ports).toContainEqual({
      internal: 3210,
      external: 3210,
      ip: "0.0.0.0",
    });
    expect(envOf(stack, "convex-app-backend").CONVEX_CLOUD_ORIGIN).toBe("https://api.example.com");
  });

  it("talks to a remote Docker host and says so in the admin key command", () => {
    const stack = synth(workspace({ name: "app", docker: { host: "ssh://deploy@build-host" } }));
    expect(stack.tf.provider.docker[0].host).toBe("ssh://deploy@build-host");
    expect(stack.tf.output.admin_key_command.value).toBe(
      "docker -H ssh://deploy@build-host exec convex-app-backend ./generate_admin_key.sh",
    );
  });

  it("emits presence flags as `true` when on and not at all when off", () => {
    const on = envOf(
      synth(workspace({ name: "app", convex: { disableBeacon: true, redactLogsToClient: true } })),
      "convex-app-backend",
    );
    expect(on.DISABLE_BEACON).toBe("true");
    expect(on.REDACT_LOGS_TO_CLIENT).toBe("true");
    const off = envOf(synth(workspace({ name: "app", convex: { disableBeacon: false } })), "convex-app-backend");
    expect(Object.keys(off)).not.toContain("DISABLE_BEACON");
    expect(Object.keys(off)).not.toContain("REDACT_LOGS_TO_CLIENT");
  });

  it("takes INSTANCE_SECRET only from the sensitive variable instance_secret, checked as 64 hex characters at plan", () => {
    const stack = synth(workspace({ name: "app", convex: { instanceSecret: "terraformVariable" } }));
    expect(envOf(stack, "convex-app-backend").INSTANCE_SECRET).toBe("${var.instance_secret}");
    expect(stack.tf.variable!.instance_secret).toMatchObject({ sensitive: true, type: "string" });
    const backend = byName(stack, "docker_container")["convex-app-backend"] as {
      lifecycle: { precondition: object[] };
    };
    expect(backend.lifecycle.precondition).toContainEqual({
      condition: '${can(regex("^[0-9a-fA-F]{64}$", var.instance_secret))}',
      error_message:
        "instanceSecret (TF_VAR_instance_secret) must be 64 hex characters (32 bytes: openssl rand -hex 32) (the value is not shown: it is secret)",
    });
    expect(envOf(stack, "convex-app-dashboard")).toEqual({ NEXT_PUBLIC_DEPLOYMENT_URL: "http://localhost:3210" });
  });
});

describe("the construct library", () => {
  const urls = {
    backend: "https://api.example.com",
    site: "https://site.example.com",
    dashboard: "https://dash.example.com",
  };

  it("refuses a literal where a secret reference belongs", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    expect(
      () => new ConvexDeployment(stack, "c", { workspaceName: "x", urls, instanceSecret: "ab".repeat(32) }),
    ).toThrow(/instanceSecret must reference a sensitive Terraform variable/);
    expect(() => Database.postgres({ url: "postgres://u:p@h" })).toThrow(
      /url must reference a sensitive Terraform variable/,
    );
  });

  it("refuses origins without a scheme, naming the prop", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    expect(
      () => new ConvexDeployment(stack, "c", { workspaceName: "x", urls: { ...urls, site: "site.example.com" } }),
    ).toThrow(/urls.site must be a URL starting with http/);
  });

  it.each<[string, Partial<ConvexDeploymentProps>, RegExp]>([
    [
      "a port out of range",
      { ports: { backend: 3210, site: 70000, dashboard: 6791 } },
      /^ports\.site must be a whole number from 1 to 65535, got 70000$/,
    ],
    ["an image tag with a slash", { version: "v1/evil" }, /^version must be a Docker image tag .*, got "v1\/evil"$/],
    [
      "a host name as bind address",
      { bindAddress: "localhost" },
      /^bindAddress must be an IP address such as 127\.0\.0\.1, 0\.0\.0\.0, ::1 or ::, got "localhost"$/,
    ],
    [
      "an instance name with capitals",
      { instanceName: "Shop" },
      /^instanceName must be lowercase letters, digits and dashes/,
    ],
    [
      "a volume generation from a variable",
      { volumeGeneration: Token.asNumber("${var.generation}") },
      /^volumeGeneration must be a number known at synthesis \(it names the volume and its resources\), got a token$/,
    ],
  ])("refuses %s, naming the prop", (_what, change, message) => {
    const stack = new TerraformStack(Testing.app(), "s");
    expect(() => new ConvexDeployment(stack, "c", { workspaceName: "x", urls, ...change })).toThrow(message);
  });

  it("never emits an empty variable", () => {
    expect(() => toDockerEnv({ A: "" }, "backend")).toThrow(/backend: environment variable A is empty/);
    expect(toDockerEnv({ B: "2", A: "1", C: undefined }, "x")).toEqual(["A=1", "B=2"]);
  });
});
