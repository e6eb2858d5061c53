import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { ConvexDeployment, type ConvexDeploymentProps } from "../constructs";
import type { WorkspaceFile } from "../vocabulary/workspace-schema";
import { byName, envOf, synth, workspace } from "./helpers/workspaces";

/*
 * The front door as synthesized: one Caddy container whose configuration (Caddy's JSON, uploaded as content)
 * names exactly the three URL hosts and routes each to its upstream, with the backend's and dashboard's own
 * ports kept on loopback. That it serves what it says is the end-to-end test's job (integration/front-door).
 */

const URLS = { backend: "https://api.shop.test", site: "https://site.shop.test", dashboard: "https://dash.shop.test" };

interface Route {
  match?: { host?: string[]; path?: string[] }[];
  handle: Handler[];
  terminal?: boolean;
}
interface Handler {
  handler: string;
  routes?: Route[];
  upstreams?: { dial: string }[];
  status_code?: number;
  headers?: Record<string, string[]>;
  providers?: { http_basic: { accounts: { username: string; password: string }[] } };
}
interface CaddyConfig {
  apps: {
    http: { http_port: number; https_port: number; servers: Record<string, { listen: string[]; routes: Route[] }> };
    tls: { automation: { policies: { subjects: string[]; issuers: Record<string, unknown>[] }[] } };
    pki?: unknown;
  };
  storage: { root: string };
}

function door(file: Partial<WorkspaceFile> & { proxy: WorkspaceFile["proxy"] }) {
  const stack = synth(workspace({ name: "shop", network: { publicUrls: URLS }, ...file }));
  const containers = byName(stack, "docker_container");
  const container = containers["convex-shop-proxy"];
  const [upload] = container.upload as { file: string; content: string }[];
  return { stack, containers, container, upload, config: JSON.parse(upload.content) as CaddyConfig };
}

/** Every host the configuration names, wherever: host matchers and certificate subjects. */
function hostsNamed(config: CaddyConfig): string[] {
  const fromRoutes = (routes: Route[]): string[] =>
    routes.flatMap((route) => [
      ...(route.match ?? []).flatMap((m) => m.host ?? []),
      ...route.handle.flatMap((h) => fromRoutes(h.routes ?? [])),
    ]);
  return [
    ...Object.values(config.apps.http.servers).flatMap((server) => fromRoutes(server.routes)),
    ...config.apps.tls.automation.policies.flatMap((p) => p.subjects),
  ];
}

/** The handlers a request for `host` at `path` runs through on the HTTPS server, as Caddy matches them. */
function handlersFor(config: CaddyConfig, host: string, path: string): Handler[] {
  const matches = (route: Route) =>
    !route.match ||
    route.match.some(
      (m) =>
        (!m.host || m.host.includes(host)) &&
        (!m.path || m.path.some((p) => (p.endsWith("/*") ? path.startsWith(p.slice(0, -1)) : p === path))),
    );
  const run = (routes: Route[]): Handler[] => {
    const out: Handler[] = [];
    for (const route of routes.filter(matches)) {
      for (const h of route.handle) out.push(...(h.handler === "subroute" ? run(h.routes!) : [h]));
      if (route.terminal) break;
    }
    return out;
  };
  return run(config.apps.http.servers.door.routes);
}

describe("a workspace with a front door", () => {
  const { stack, containers, container, upload, config } = door({ proxy: { dashboardAuth: { username: "admin" } } });

  it("names exactly the three URL hosts in its configuration", () => {
    expect([...new Set(hostsNamed(config))].sort()).toEqual(["api.shop.test", "dash.shop.test", "site.shop.test"]);
    expect(config.apps.tls.automation.policies).toEqual([
      {
        subjects: ["api.shop.test", "site.shop.test", "dash.shop.test"],
        issuers: [{ module: "acme", ca: "https://acme-v02.api.letsencrypt.org/directory" }],
      },
    ]);
  });

  it("routes each host to its upstream on the workspace's network", () => {
    const upstream = (host: string, path = "/") =>
      handlersFor(config, host, path)
        .filter((h) => h.handler === "reverse_proxy")
        .map((h) => h.upstreams![0].dial);
    expect(upstream("api.shop.test")).toEqual(["convex-shop-backend:3210"]);
    expect(upstream("site.shop.test", "/webhook")).toEqual(["convex-shop-backend:3211"]);
    expect(upstream("dash.shop.test")).toEqual(["convex-shop-dashboard:6791"]);
    expect(upstream("other.shop.test")).toEqual([]);
    expect(container.networks_advanced).toEqual([{ name: "${docker_network.convex_network_ADA8838F.name}" }]);
  });

  it("answers /metrics itself on the backend's and the site's host, and passes /version on", () => {
    for (const host of ["api.shop.test", "site.shop.test"]) {
      expect(handlersFor(config, host, "/metrics").map((h) => [h.handler, h.status_code])).toEqual([
        ["static_response", 404],
      ]);
      expect(handlersFor(config, host, "/version").map((h) => h.handler)).toEqual(["reverse_proxy"]);
    }
  });

  it("asks for the dashboard's password on the dashboard's host only, from the sensitive variable", () => {
    const auth = (host: string) => handlersFor(config, host, "/").filter((h) => h.handler === "authentication");
    expect(auth("dash.shop.test").map((h) => h.providers!.http_basic.accounts)).toEqual([
      [{ username: "admin", password: "{env.CONVEX_DASHBOARD_PASSWORD_HASH}" }],
    ]);
    expect([...auth("api.shop.test"), ...auth("site.shop.test")]).toEqual([]);
    expect(envOf(stack, "convex-shop-proxy")).toEqual({
      CONVEX_DASHBOARD_PASSWORD_HASH: "${var.dashboard_password_hash}",
    });
    expect(stack.tf.variable!.dashboard_password_hash).toMatchObject({ sensitive: true });
  });

  it("redirects plain HTTP for the three hosts to HTTPS", () => {
    const redirect = config.apps.http.servers.redirect;
    expect(redirect.listen).toEqual([":80"]);
    expect(redirect.routes).toEqual([
      {
        match: [{ host: ["api.shop.test", "site.shop.test", "dash.shop.test"] }],
        handle: [
          {
            handler: "static_response",
            status_code: 308,
            headers: { Location: ["https://{http.request.host}{http.request.uri}"] },
          },
        ],
        terminal: true,
      },
    ]);
  });

  it("gets its configuration as content, and keeps certificates in a protected volume", () => {
    expect(upload.file).toBe("/etc/caddy/convex.json");
    expect(container.command).toEqual(["caddy", "run", "--config", "/etc/caddy/convex.json"]);
    expect(container.volumes).toEqual([
      { volume_name: "${docker_volume.convex_front-door_certificates_8D694EBB.name}", container_path: "/data" },
    ]);
    expect(config.storage.root).toBe("/data/caddy");
    expect(byName(stack, "docker_volume")["convex-shop-proxy-certificates"]).toMatchObject({
      lifecycle: { prevent_destroy: true },
    });
    expect(byName(stack, "docker_image")["caddy:2.11.2"]).toMatchObject({ keep_locally: true });
  });

  it("publishes its ports on every address, and the backend's and dashboard's on loopback only", () => {
    expect(container.ports).toEqual([
      { internal: 80, external: 80, ip: "0.0.0.0" },
      { internal: 443, external: 443, ip: "0.0.0.0" },
    ]);
    for (const name of ["convex-shop-backend", "convex-shop-dashboard"])
      for (const port of containers[name].ports as { ip: string }[])
        expect([name, port.ip]).toEqual([name, "127.0.0.1"]);
  });

  it("starts after the backend and the dashboard", () => {
    expect(container.depends_on).toEqual([
      expect.stringMatching(/^docker_container\.convex_backend_container/),
      expect.stringMatching(/^docker_container\.convex_dashboard_container/),
    ]);
  });
});

describe("the front door's settings", () => {
  it("carries a non-standard HTTPS port into its listener and redirects", () => {
    const urls = Object.fromEntries(Object.entries(URLS).map(([k, v]) => [k, `${v}:8443`]));
    const { container, config } = door({
      network: { publicUrls: urls as typeof URLS },
      proxy: { ports: { http: 8080, https: 8443 }, bindAddress: "127.0.0.1" },
    });
    expect(config.apps.http).toMatchObject({ http_port: 8080, https_port: 8443 });
    expect(config.apps.http.servers.door.listen).toEqual([":8443"]);
    expect(config.apps.http.servers.redirect.listen).toEqual([":8080"]);
    expect(config.apps.http.servers.redirect.routes[0].handle[0].headers).toEqual({
      Location: ["https://{http.request.host}:8443{http.request.uri}"],
    });
    expect(container.ports).toEqual([
      { internal: 8080, external: 8080, ip: "127.0.0.1" },
      { internal: 8443, external: 8443, ip: "127.0.0.1" },
    ]);
  });

  it("trusts a private ACME CA's root, mounted read-only from the Docker host", () => {
    const { container, config } = door({
      proxy: {
        acme: {
          email: "ops@shop.test",
          directory: "https://ca.shop.test:14000/dir",
          caRootFile: "/etc/ssl/private-ca/root.pem",
        },
      },
    });
    expect(config.apps.tls.automation.policies[0].issuers).toEqual([
      {
        module: "acme",
        ca: "https://ca.shop.test:14000/dir",
        email: "ops@shop.test",
        trusted_roots_pem_files: ["/etc/caddy/acme-ca-root.pem"],
      },
    ]);
    expect(container.volumes).toContainEqual({
      host_path: "/etc/ssl/private-ca/root.pem",
      container_path: "/etc/caddy/acme-ca-root.pem",
      read_only: true,
    });
  });

  it("issues from Caddy's own CA with tls internal, which it does not try to install", () => {
    const { container, config } = door({ proxy: { tls: "internal" } });
    expect(config.apps.tls.automation.policies[0].issuers).toEqual([{ module: "internal" }]);
    expect(config.apps.pki).toEqual({ certificate_authorities: { local: { install_trust: false } } });
    expect(container.env).toBeUndefined();
  });

  it("is absent from a workspace without a proxy section", () => {
    const stack = synth(workspace({ name: "shop" }));
    expect(Object.keys(byName(stack, "docker_container")).sort()).toEqual([
      "convex-shop-backend",
      "convex-shop-dashboard",
    ]);
    expect(stack.tf.variable?.dashboard_password_hash).toBeUndefined();
  });
});

describe("ConvexDeployment's frontDoor refuses what the door cannot serve, naming the prop", () => {
  const deploy = (props: Partial<ConvexDeploymentProps>, variable?: (stack: TerraformStack) => string) => () => {
    const stack = new TerraformStack(Testing.app(), "shop");
    new ConvexDeployment(stack, "convex", {
      workspaceName: "shop",
      urls: URLS,
      frontDoor: variable ? { dashboardAuth: { username: "admin", passwordHash: variable(stack) } } : {},
      ...props,
    });
  };
  const hash = (stack: TerraformStack) => new TerraformVariable(stack, "hash", { sensitive: true }).stringValue;

  it.each([
    [
      "an http URL",
      { urls: { ...URLS, site: "http://site.shop.test" } },
      /urls\.site must be https:\/\/site\.shop\.test behind a front door with HTTPS port 443/,
    ],
    [
      "a URL with a path",
      { urls: { ...URLS, backend: "https://shop.test/api" } },
      /urls\.backend must be https:\/\/shop\.test /,
    ],
    [
      "a URL with a user name",
      { urls: { ...URLS, site: "https://ci:pw@site.shop.test" } },
      /urls\.site must be https:\/\/site\.shop\.test behind a front door with HTTPS port 443 \(https, that port, no user, no path\)/,
    ],
    [
      "a URL on another port",
      { urls: { ...URLS, backend: "https://api.shop.test:8443" } },
      /urls\.backend must be https:\/\/api\.shop\.test behind/,
    ],
    [
      "an IP address with ACME",
      { urls: { ...URLS, backend: "https://10.0.0.5" } },
      /urls\.backend must name a DNS host with tls "acme" \(an ACME CA issues no certificate for an IP address\)/,
    ],
    [
      "localhost with ACME",
      { urls: { ...URLS, dashboard: "https://dash.localhost" } },
      /urls\.dashboard must name a DNS host with tls "acme" \(.*localhost\)/,
    ],
    ["a Caddy placeholder as a host", { urls: { ...URLS, site: "https://{env.X}" } }, /urls\.site must/],
    [
      "two URLs with one host",
      { urls: { ...URLS, site: "https://API.shop.test" } },
      /urls\.site has the host of urls\.backend \(api\.shop\.test\)/,
    ],
    [
      "a public bind address for the backend",
      { bindAddress: "0.0.0.0" },
      /bindAddress \(with frontDoor\) must be a loopback address/,
    ],
    [
      "acme settings with internal TLS",
      { frontDoor: { tls: "internal", acme: {} } },
      /acme is only read with tls "acme"/,
    ],
    [
      "one port for HTTP and HTTPS",
      { frontDoor: { ports: { http: 8443, https: 8443 } } },
      /ports\.http and ports\.https must differ/,
    ],
    [
      "an ACME directory that is not https",
      { frontDoor: { acme: { directory: "http://ca.shop.test/dir" } } },
      /acme\.directory must be an https URL/,
    ],
    [
      "an e-mail address with a placeholder",
      { frontDoor: { acme: { email: "{env.X}@shop.test" } } },
      /acme\.email must be an e-mail address/,
    ],
    [
      "a user name with a placeholder",
      { frontDoor: { dashboardAuth: { username: "{env.USER}", passwordHash: "x" } } },
      /dashboardAuth\.username must be a user name/,
    ],
  ] as const)("%s", (_what, props, message) => {
    expect(deploy(props as Partial<ConvexDeploymentProps>)).toThrow(message);
  });

  it("a password hash written as a literal (it would land in cdk.tf.json)", () => {
    expect(deploy({ frontDoor: { dashboardAuth: { username: "admin", passwordHash: "$2a$14$abc" } } })).toThrow(
      /dashboardAuth\.passwordHash must reference a sensitive Terraform variable/,
    );
    expect(deploy({}, hash)).not.toThrow();
  });

  it("a URL known only at plan (the door's configuration names the host)", () => {
    const stack = new TerraformStack(Testing.app(), "shop");
    const url = new TerraformVariable(stack, "url", { type: "string" }).stringValue;
    expect(
      () =>
        new ConvexDeployment(stack, "convex", {
          workspaceName: "shop",
          urls: { ...URLS, backend: url },
          frontDoor: {},
        }),
    ).toThrow(/urls\.backend must be known at synthesis: the front door routes by its host name/);
  });
});
