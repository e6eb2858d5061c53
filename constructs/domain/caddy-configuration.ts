/*
 * The front door's configuration, in Caddy's native JSON (https://caddyserver.com/docs/json/): the form whose
 * keys stay the same across Caddy 2.x (a Caddyfile's directives do not: 2.6 knows `basicauth`, later releases
 * `basic_auth`). Every key used here is read by both Caddy 2.6.2 (Debian 12's) and 2.11.2 (the pinned image).
 */

/** Where the configuration is put into the container (as content, never from a host path). */
export const CADDY_CONFIG_PATH = "/etc/caddy/convex.json";
/** The certificate volume's mount: Caddy keeps certificates, ACME account keys and its own CA under it. */
export const CADDY_DATA_PATH = "/data";
/** A private ACME CA's root (the one that signs its HTTPS listener), mounted read-only from the Docker host. */
export const CADDY_ACME_CA_ROOT_PATH = "/etc/caddy/acme-ca-root.pem";
/** The dashboard's basic-auth password hash reaches Caddy through this variable (an `{env.…}` placeholder). */
export const DASHBOARD_PASSWORD_HASH_ENV = "CONVEX_DASHBOARD_PASSWORD_HASH";

/**
 * Paths the backend serves without authentication that are for the operator, never for clients: the door
 * answers 404 for them on the backend's and the site's host. Upstream's ConvexHttpService merges these "meta
 * routes" into every server it starts, the API (3210) and the HTTP-actions proxy (3211) alike
 * (crates/common/src/http/mod.rs:680-696 and crates/local_backend/src/proxy.rs:59-70 at a9a760ca); `/version`,
 * the other meta route, is what clients and the doctor ask, and stays reachable.
 */
const INTERNAL_PATHS: readonly string[] = ["/metrics", "/metrics/*"];

/** Where one of the three hosts leads. */
interface CaddyUpstream {
  /** The public host name (or, with internal TLS, address) the route answers for. */
  readonly host: string;
  /** `<container name>:<container port>` on the workspace's network. */
  readonly dial: string;
}

/** Everything the configuration is made from; every value is checked by the construct before it gets here. */
export interface CaddyConfigurationSpec {
  readonly backend: CaddyUpstream;
  readonly site: CaddyUpstream;
  readonly dashboard: CaddyUpstream;
  /** The ports Caddy listens on, which are also the host ports (so redirects and ACME challenges use them). */
  readonly ports: { readonly http: number; readonly https: number };
  readonly tls:
    | { readonly issuer: "internal" }
    | {
        readonly issuer: "acme";
        readonly directory: string;
        readonly email?: string;
        /** true: trust the root mounted at CADDY_ACME_CA_ROOT_PATH for the ACME directory's own HTTPS. */
        readonly caRoot: boolean;
      };
  /** Basic auth on the dashboard's host with this user name; the hash comes from DASHBOARD_PASSWORD_HASH_ENV. */
  readonly dashboardUsername?: string;
}

/** Caddy's JSON configuration for the front door, as the text put into the container. */
export function caddyConfiguration(spec: CaddyConfigurationSpec): string {
  const hosts = [spec.backend.host, spec.site.host, spec.dashboard.host];
  const proxyTo = (upstream: CaddyUpstream) => ({
    handler: "reverse_proxy",
    upstreams: [{ dial: upstream.dial }],
    // Streaming responses (HTTP actions, log streams) reach the client as they are written.
    flush_interval: -1,
  });
  const notFound = { handler: "static_response", status_code: 404 };
  const backendLike = (upstream: CaddyUpstream) =>
    hostRoute(upstream.host, [
      { match: [{ path: INTERNAL_PATHS }], handle: [notFound], terminal: true },
      { handle: [proxyTo(upstream)] },
    ]);
  const dashboardAuth = spec.dashboardUsername
    ? [
        {
          handler: "authentication",
          providers: {
            http_basic: {
              accounts: [{ username: spec.dashboardUsername, password: `{env.${DASHBOARD_PASSWORD_HASH_ENV}}` }],
              hash: { algorithm: "bcrypt" },
              realm: "Convex dashboard",
            },
          },
        },
      ]
    : [];
  // Caddy's own redirect would leave out a non-standard HTTPS port it listens on (modules/caddyhttp/
  // autohttps.go, makeRedirRoute, at v2.6.2 and v2.11.2), so the door writes its own. Every Caddy server
  // answers ACME http-01 challenges before its routes (modules/caddyhttp/server.go, ServeHTTP).
  const httpsPortSuffix = spec.ports.https === 443 ? "" : `:${spec.ports.https}`;
  const issuer =
    spec.tls.issuer === "internal"
      ? { module: "internal" }
      : {
          module: "acme",
          ca: spec.tls.directory,
          ...(spec.tls.email === undefined ? {} : { email: spec.tls.email }),
          ...(spec.tls.caRoot ? { trusted_roots_pem_files: [CADDY_ACME_CA_ROOT_PATH] } : {}),
        };
  const configuration = {
    // Nothing reconfigures the door at run time: a new configuration is a new container.
    admin: { disabled: true, config: { persist: false } },
    storage: { module: "file_system", root: `${CADDY_DATA_PATH}/caddy` },
    apps: {
      http: {
        http_port: spec.ports.http,
        https_port: spec.ports.https,
        servers: {
          door: {
            listen: [`:${spec.ports.https}`],
            // No HTTP/3: only TCP is published, so advertising it would send clients to a closed UDP port.
            protocols: ["h1", "h2"],
            routes: [
              backendLike(spec.backend),
              backendLike(spec.site),
              hostRoute(spec.dashboard.host, [{ handle: [...dashboardAuth, proxyTo(spec.dashboard)] }]),
            ],
            automatic_https: { disable_redirects: true },
          },
          redirect: {
            listen: [`:${spec.ports.http}`],
            routes: [
              {
                match: [{ host: hosts }],
                handle: [
                  {
                    handler: "static_response",
                    status_code: 308,
                    headers: { Location: [`https://{http.request.host}${httpsPortSuffix}{http.request.uri}`] },
                  },
                ],
                terminal: true,
              },
            ],
          },
        },
      },
      tls: { automation: { policies: [{ subjects: hosts, issuers: [issuer] }] } },
      ...(spec.tls.issuer === "internal"
        ? // The CA's root stays in the volume; Caddy must not try to install it into the container's trust store.
          { pki: { certificate_authorities: { local: { install_trust: false } } } }
        : {}),
    },
  };
  return JSON.stringify(configuration, null, 2);
}

function hostRoute(host: string, routes: readonly object[]): object {
  return { match: [{ host: [host] }], handle: [{ handler: "subroute", routes }], terminal: true };
}
