import { Container } from "@cdktf/provider-docker/lib/container";
import { Volume } from "@cdktf/provider-docker/lib/volume";
import { Token } from "cdktf";
import { Construct } from "constructs";
import {
  CADDY_ACME_CA_ROOT_PATH,
  CADDY_CONFIG_PATH,
  CADDY_DATA_PATH,
  caddyConfiguration,
  DASHBOARD_PASSWORD_HASH_ENV,
} from "./domain/caddy-configuration";
import { checkWholeNumber } from "./checks";
import {
  CONTAINER_PORTS,
  DEFAULT_PROTECT_FROM_DESTROY,
  DEFAULT_PROXY_BIND_ADDRESS,
  DEFAULT_PROXY_PORTS,
  DEFAULT_PROXY_TLS,
  LETS_ENCRYPT_DIRECTORY,
  PORT_RANGE,
  PROXY_IMAGE,
} from "./domain/defaults";
import { InvalidPropsError } from "./domain/errors";
import { doorUrlFor, doorUrlOf } from "./domain/front-door-url";
import { frontDoorNames, type PublicUrls, WORKSPACE_NAME_FORMAT } from "./domain/names";
import {
  ACME_DIRECTORY_FORMAT,
  ACME_EMAIL_FORMAT,
  BASIC_AUTH_USERNAME_FORMAT,
  HOST_PATH_FORMAT,
  IP_ADDRESS_FORMAT,
  formatProblem,
  type ValueFormat,
} from "./domain/patterns";
import type { ConvexBackend } from "./backend";
import type { ConvexDashboard } from "./dashboard";
import { toDockerEnv } from "./environment";
import { pinnedImage } from "./images";
import type { ConvexNetwork } from "./network";
import { assertSecretReference } from "./secret";

/** ConvexFrontDoor's props. */
export interface ConvexFrontDoorProps {
  /** Names the container `convex-<workspaceName>-proxy` and the volume `convex-<workspaceName>-proxy-certificates`. */
  readonly workspaceName: string;
  /** The workspace's network, on which the door reaches the backend and the dashboard by container name. */
  readonly network: ConvexNetwork;
  /**
   * The three public URLs, each `https://<host>` (with `:<ports.https>` unless it is 443), one host each,
   * known at synthesis: the door routes by host name.
   */
  readonly urls: PublicUrls;
  /** Its API port takes the backend URL's host, its HTTP-actions port the site URL's. */
  readonly backend: ConvexBackend;
  /** Takes the dashboard URL's host. */
  readonly dashboard: ConvexDashboard;
  /**
   * Where the certificates come from (Caddy's issuer modules of the same names): `acme`, an ACME certificate
   * authority; `internal`, Caddy's own CA, for private networks (clients must trust its root).
   * @default "acme"
   */
  readonly tls?: "acme" | "internal";
  /** The ACME certificate authority; only with `tls: "acme"`. @default Let's Encrypt, without a contact address */
  readonly acme?: {
    /** The ACME account's contact address, for the CA's notices about the certificates. @default none */
    readonly email?: string;
    /** The CA's ACME directory URL. @default DEFAULTS.acmeDirectory (Let's Encrypt's production directory) */
    readonly directory?: string;
    /**
     * Path, on the Docker host, of the root certificate that signs a private ACME CA's own HTTPS listener
     * (step-ca, pebble), mounted read-only into the container: Caddy then trusts it for the directory.
     * @default none: the CA's listener must be trusted by the image's own certificate store
     */
    readonly caRootFile?: string;
  };
  /**
   * The host ports, which are also the ports Caddy listens on inside its container: `http` for redirects and
   * ACME http-01 challenges, `https` for the three URLs and tls-alpn-01 challenges (a public URL carries it
   * unless it is 443).
   * @default DEFAULTS.frontDoorPorts ({ http: 80, https: 443 })
   */
  readonly ports?: { readonly http: number; readonly https: number };
  /** Host address the two ports are published on. @default DEFAULTS.frontDoorBindAddress ("0.0.0.0": it is the public door) */
  readonly bindAddress?: string;
  /**
   * Basic auth in front of the dashboard's host only. `passwordHash` is the password's bcrypt hash as a
   * sensitive reference (a TerraformVariable's value), never a literal: it reaches Caddy as an environment
   * variable, not through cdk.tf.json.
   * @default none: the dashboard is open to whoever reaches its URL (it still asks for an admin key)
   */
  readonly dashboardAuth?: { readonly username: string; readonly passwordHash: string };
  /**
   * Terraform prevent_destroy on the certificate volume: losing the certificates and the ACME account means
   * asking the CA again, into its rate limits. @default true
   */
  readonly protectFromDestroy?: boolean;
}

/**
 * A Caddy container in front of a deployment: HTTPS for the three public URLs with certificates obtained
 * automatically, WebSocket upgrades passed through, plain HTTP redirected, `/metrics` not reachable, and
 * optionally basic auth in front of the dashboard. Its configuration is generated from the URLs and put into
 * the container as content.
 *
 * With ConvexDeployment, give its `frontDoor` prop instead; composed by hand:
 *
 * @example
 * ```ts
 * const hash = new TerraformVariable(this, "dashboard_password_hash", { type: "string", sensitive: true });
 * new ConvexFrontDoor(this, "front-door", {
 *   workspaceName: "shop",
 *   network,
 *   urls: { backend: "https://api.shop.example", site: "https://site.shop.example", dashboard: "https://dash.shop.example" },
 *   backend,
 *   dashboard,
 *   acme: { email: "ops@shop.example" },
 *   dashboardAuth: { username: "admin", passwordHash: hash.stringValue },
 * });
 * ```
 */
export class ConvexFrontDoor extends Construct {
  /** Caddy's JSON configuration, as put into the container. */
  readonly configuration: string;
  /** The host name each URL is served on. */
  readonly hosts: PublicUrls;
  /** The Docker container resource (`convex-<workspaceName>-proxy`). */
  readonly container: Container;
  /** Caddy's storage: certificates, ACME account keys, and (with internal TLS) its CA. */
  readonly certificateVolume: Volume;

  constructor(scope: Construct, id: string, props: ConvexFrontDoorProps) {
    super(scope, id);
    assertKnown("workspaceName", props.workspaceName, WORKSPACE_NAME_FORMAT);
    const tls = props.tls ?? DEFAULT_PROXY_TLS;
    if (tls !== "acme" && tls !== "internal")
      throw new InvalidPropsError(`tls must be "acme" or "internal", got ${JSON.stringify(tls)}`);
    if (tls === "internal" && props.acme)
      throw new InvalidPropsError('acme is only read with tls "acme": remove it, or set tls to "acme"');
    const ports = props.ports ?? DEFAULT_PROXY_PORTS;
    for (const which of ["http", "https"] as const) {
      if (Token.isUnresolved(ports[which]))
        throw new InvalidPropsError(`ports.${which} must be known at synthesis: Caddy's configuration names it`);
      checkWholeNumber(`ports.${which}`, ports[which], PORT_RANGE);
    }
    if (ports.http === ports.https)
      throw new InvalidPropsError(`ports.http and ports.https must differ, both are ${ports.http}`);
    const bindAddress = props.bindAddress ?? DEFAULT_PROXY_BIND_ADDRESS;
    assertKnown("bindAddress", bindAddress, IP_ADDRESS_FORMAT);
    this.hosts = doorHosts(props.urls, tls, ports.https);
    const acme = props.acme ?? {};
    if (acme.email !== undefined) assertKnown("acme.email", acme.email, ACME_EMAIL_FORMAT);
    const directory = acme.directory ?? LETS_ENCRYPT_DIRECTORY;
    assertKnown("acme.directory", directory, ACME_DIRECTORY_FORMAT);
    if (acme.caRootFile !== undefined) assertKnown("acme.caRootFile", acme.caRootFile, HOST_PATH_FORMAT);
    if (props.dashboardAuth) {
      assertKnown("dashboardAuth.username", props.dashboardAuth.username, BASIC_AUTH_USERNAME_FORMAT);
      assertSecretReference(props.dashboardAuth.passwordHash, "dashboardAuth.passwordHash");
    }

    const names = frontDoorNames(props.workspaceName);
    this.configuration = caddyConfiguration({
      backend: { host: this.hosts.backend, dial: `${props.backend.containerName}:${CONTAINER_PORTS.backend}` },
      site: { host: this.hosts.site, dial: `${props.backend.containerName}:${CONTAINER_PORTS.site}` },
      dashboard: { host: this.hosts.dashboard, dial: `${props.dashboard.containerName}:${CONTAINER_PORTS.dashboard}` },
      ports,
      tls:
        tls === "internal"
          ? { issuer: "internal" }
          : { issuer: "acme", directory, email: acme.email, caRoot: acme.caRootFile !== undefined },
      dashboardUsername: props.dashboardAuth?.username,
    });
    this.certificateVolume = new Volume(this, "certificates", {
      name: names.proxyVolume,
      lifecycle: { preventDestroy: props.protectFromDestroy ?? DEFAULT_PROTECT_FROM_DESTROY },
    });
    const image = pinnedImage(this, "image", PROXY_IMAGE.repository, PROXY_IMAGE.tag);
    const env = toDockerEnv({ [DASHBOARD_PASSWORD_HASH_ENV]: props.dashboardAuth?.passwordHash }, "front door");
    this.container = new Container(this, "container", {
      name: names.proxyContainer,
      image: image.imageId,
      command: ["caddy", "run", "--config", CADDY_CONFIG_PATH],
      upload: [{ file: CADDY_CONFIG_PATH, content: this.configuration }],
      ...(env.length > 0 ? { env } : {}),
      networksAdvanced: [{ name: props.network.network.name }],
      // The same port inside and out: Caddy's redirects and the CA's challenge connections use these numbers.
      ports: [
        { internal: ports.http, external: ports.http, ip: bindAddress },
        { internal: ports.https, external: ports.https, ip: bindAddress },
      ],
      volumes: [
        { volumeName: this.certificateVolume.name, containerPath: CADDY_DATA_PATH },
        ...(acme.caRootFile === undefined
          ? []
          : [{ hostPath: acme.caRootFile, containerPath: CADDY_ACME_CA_ROOT_PATH, readOnly: true }]),
      ],
      restart: "unless-stopped",
      // The backend is created with wait=true, so this starts once it answers; the dashboard follows it.
      dependsOn: [props.backend.container, props.dashboard.container],
    });
  }
}

/** Refuses a value that is a token or breaks `format`, naming the prop: the door's configuration is written at synthesis. */
function assertKnown(prop: string, value: string, format: ValueFormat): void {
  if (Token.isUnresolved(value))
    throw new InvalidPropsError(
      `${prop} must be known at synthesis: the front door's configuration is written from it`,
    );
  if (formatProblem(format, value) !== undefined)
    throw new InvalidPropsError(`${prop} must be ${format.allowed}, got ${JSON.stringify(value)}`);
}

/** The host of each URL, once each URL is one the door can serve: https, its port, no path, a host of its own. */
function doorHosts(urls: PublicUrls, tls: ConvexFrontDoorProps["tls"], httpsPort: number): PublicUrls {
  const hosts = {} as Record<keyof PublicUrls, string>;
  for (const role of ["backend", "site", "dashboard"] as const) {
    const prop = `urls.${role}`;
    const url = urls[role];
    if (Token.isUnresolved(url))
      throw new InvalidPropsError(`${prop} must be known at synthesis: the front door routes by its host name`);
    const parts = doorUrlOf(url);
    if (!parts) throw new InvalidPropsError(`${prop} must be a URL, got ${JSON.stringify(url)}`);
    const expected = doorUrlFor(parts.host, httpsPort);
    if (parts.scheme !== "https" || parts.rest !== "" || parts.userinfo || parts.port !== httpsPort)
      throw new InvalidPropsError(
        `${prop} must be ${expected} behind a front door with HTTPS port ${httpsPort} (https, that port, no user, no path), got ${JSON.stringify(url)}`,
      );
    if (parts.hostKind === "invalid")
      throw new InvalidPropsError(
        `${prop} must name a DNS host (letters, digits, '-', dots) or an IP address, got ${JSON.stringify(url)}`,
      );
    if (tls === "acme" && parts.hostKind !== "name")
      throw new InvalidPropsError(
        `${prop} must name a DNS host with tls "acme" (an ACME CA issues no certificate for ${parts.hostKind === "ip" ? "an IP address" : "localhost"}), got ${JSON.stringify(url)}; use tls "internal" for it`,
      );
    const twin = (Object.keys(hosts) as (keyof PublicUrls)[]).find((other) => hosts[other] === parts.host);
    if (twin)
      throw new InvalidPropsError(
        `${prop} has the host of urls.${twin} (${parts.host}): the front door tells them apart by host name`,
      );
    hosts[role] = parts.host;
  }
  return hosts;
}
