import { Container } from "@cdktf/provider-docker/lib/container";
import { Construct } from "constructs";
import { addPreconditions, checkString, checkWholeNumber } from "./checks";
import { containerSettings, healthcheckOf } from "./container-settings";
import { CONTAINER_PORTS, DEFAULT_BIND_ADDRESS, DEFAULT_HOST_PORTS, PORT_RANGE } from "./domain/defaults";
import { DASHBOARD_HEALTHCHECK } from "./domain/healthchecks";
import type { ContainerLogging } from "./domain/logging";
import { IP_ADDRESS_FORMAT } from "./domain/patterns";
import type { ContainerResources } from "./domain/resources";
import type { ConvexBackend } from "./backend";
import { toDockerEnv } from "./environment";
import { DASHBOARD_IMAGE, pinnedImage } from "./images";
import type { ConvexNetwork } from "./network";

/** ConvexDashboard's props. */
export interface ConvexDashboardProps {
  /** The container's name, e.g. `convex-<workspace>-dashboard` (resourceNames). */
  readonly containerName: string;
  /** The backend the dashboard manages: its URL and version are taken from it, so they cannot drift. */
  readonly backend: ConvexBackend;
  /** The backend's network. */
  readonly network: ConvexNetwork;
  /** Host address the port is published on. @default "127.0.0.1" (this machine only) */
  readonly bindAddress?: string;
  /** Host port of the dashboard. @default 6791 */
  readonly port?: number;
  /** Memory and CPU limits; a change replaces the container. @default no limits */
  readonly resources?: ContainerResources;
  /** How the container's logs are kept on the host. @default DEFAULTS.logging (json-file, 5 files of 10 MiB) */
  readonly logging?: ContainerLogging;
}

/**
 * The Convex dashboard, pointed at its backend's CONVEX_CLOUD_ORIGIN. It needs no secret: the admin key is typed
 * into it by the user.
 *
 * @example
 * ```ts
 * new ConvexDashboard(this, "dashboard", { containerName: "convex-shop-dashboard", backend, network });
 * ```
 */
export class ConvexDashboard extends Construct {
  /** The container's name, by which the workspace's network reaches it. */
  readonly containerName: string;
  /** The Docker container resource. */
  readonly container: Container;

  constructor(scope: Construct, id: string, props: ConvexDashboardProps) {
    super(scope, id);
    const bindAddress = props.bindAddress ?? DEFAULT_BIND_ADDRESS;
    const port = props.port ?? DEFAULT_HOST_PORTS.dashboard;
    const planChecks = [
      ...checkString("bindAddress", bindAddress, IP_ADDRESS_FORMAT),
      ...checkWholeNumber("port", port, PORT_RANGE),
    ];
    this.containerName = props.containerName;
    const settings = containerSettings("dashboard", props.resources, props.logging);
    const image = pinnedImage(this, "image", DASHBOARD_IMAGE, props.backend.version);
    this.container = new Container(this, "container", {
      ...settings,
      name: props.containerName,
      image: image.imageId,
      // The one variable of DASHBOARD_VARIABLES it sets (constructs/domain/dashboard-variables.ts says why not
      // the others: NEXT_PUBLIC_ADMIN_KEY would hand the admin key to every visitor); equal to the backend's
      // CONVEX_CLOUD_ORIGIN by construction.
      env: toDockerEnv({ NEXT_PUBLIC_DEPLOYMENT_URL: props.backend.cloudOrigin }, "dashboard"),
      networksAdvanced: [{ name: props.network.network.name }],
      ports: [{ internal: CONTAINER_PORTS.dashboard, external: port, ip: bindAddress }],
      healthcheck: healthcheckOf(DASHBOARD_HEALTHCHECK),
      // Upstream compose's stop signal and grace period for the dashboard
      // (self-hosted/docker/docker-compose.yml:57-58 at 652b828b); Docker's default would be SIGTERM.
      stopSignal: "SIGINT",
      stopTimeout: 10,
      restart: "unless-stopped",
      // The backend is created with wait=true, so depending on it means "after it is healthy".
      dependsOn: [props.backend.container],
      // Apply returns once the dashboard serves its page.
      wait: true,
    });
    addPreconditions(this.container, planChecks);
  }
}
