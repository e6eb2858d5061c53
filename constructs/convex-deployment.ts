import { Construct } from "constructs";
import { dependable } from "cdktf";
import { addPreconditions, checkString, checkWholeNumber } from "./checks";
import {
  DEFAULT_BIND_ADDRESS,
  DEFAULT_CONVEX_VERSION,
  DEFAULT_DOCKER_HOST,
  DEFAULT_HOST_PORTS,
  DEFAULT_PROTECT_FROM_DESTROY,
  FIRST_VOLUME_GENERATION,
  PORT_RANGE,
} from "./domain/defaults";
import { type VolumeFingerprint, volumeFingerprint } from "./domain/fingerprint";
import { DOCKER_HOST_FORMAT } from "./domain/identity";
import {
  databaseNameFor,
  defaultInstanceName,
  type PublicUrls,
  type ResourceNames,
  resourceNames,
  WORKSPACE_NAME_FORMAT,
} from "./domain/names";
import { HTTP_URL_FORMAT, LOOPBACK_ADDRESS_FORMAT } from "./domain/patterns";
import { DEPLOYMENT_PROPS_WORDING, type VolumeChangeWording } from "./domain/volume-change";
import { ConvexBackend, type ConvexBackendProps } from "./backend";
import { ConvexDashboard } from "./dashboard";
import { ConvexDataVolume, assertVolumeGeneration } from "./data-volume";
import { Database } from "./database";
import { ConvexNetwork } from "./network";
import { DowngradeGuard } from "./downgrade-guard";
import { ConvexFrontDoor, type ConvexFrontDoorProps } from "./front-door";
import { VolumeFingerprintGuard } from "./volume-fingerprint-guard";
import { LocalStorage } from "./storage/local-storage";
import type { DeploymentOutput, IStorageStrategy, StorageBinding } from "./storage/storage-strategy";

/** The host ports of a deployment. */
export interface HostPorts {
  /** The API (CONVEX_CLOUD_ORIGIN's port). */
  readonly backend: number;
  /** HTTP actions (CONVEX_SITE_ORIGIN's port). */
  readonly site: number;
  /** The dashboard. */
  readonly dashboard: number;
}

/**
 * ConvexDeployment's props. The backend's settings are ConvexBackendProps' own (same names, documentation and
 * defaults); `bindAddress` applies to the dashboard too, and with `frontDoor` must be a loopback address (clients
 * then come in through the door only).
 */
export interface ConvexDeploymentProps extends Pick<
  ConvexBackendProps,
  | "database"
  | "instanceSecret"
  | "bindAddress"
  | "rustLog"
  | "disableBeacon"
  | "redactLogsToClient"
  | "knobs"
  | "unsafeRawEnvironment"
  | "waitTimeout"
> {
  /** Lowercase letters, digits, dashes: names every Docker object (`convex-<workspaceName>-backend`, ...). */
  readonly workspaceName: string;
  /** Public URLs of the API port, the HTTP-actions port and the dashboard. */
  readonly urls: PublicUrls;
  /** Image tag of backend and dashboard (an upstream git revision). @default DEFAULT_CONVEX_VERSION (a pinned upstream revision) */
  readonly version?: string;
  /**
   * The commit date (YYYY-MM-DD) of `version`, for a revision this project does not date (KNOWN_REVISIONS):
   * lets the downgrade guard record it. @default the date in KNOWN_REVISIONS
   */
  readonly versionDate?: string;
  /** INSTANCE_NAME. @default `convex-<workspaceName>` */
  readonly instanceName?: string;
  /** @default new LocalStorage() */
  readonly storage?: IStorageStrategy;
  /** Host ports. @default { backend: 3210, site: 3211, dashboard: 6791 } */
  readonly ports?: HostPorts;
  /**
   * The Docker engine the stack's docker provider deploys to, as `docker -H` takes it: `adminKeyCommand` names
   * it. unix://, ssh:// or tcp:// addresses of letters, digits and `. _ - + / : @ [ ]` only, since it is part of
   * a shell command.
   * @default DEFAULT_DOCKER_HOST (the local engine: the command is plain `docker`)
   */
  readonly dockerHost?: string;
  /**
   * Data volume generation: a new number names a new, empty volume and releases the old one from Terraform
   * (it stays on the host, untouched). The way to change storage, instance name or database: export, new
   * generation, import. Generations only go up. @default 1
   */
  readonly volumeGeneration?: number;
  /**
   * prevent_destroy on the data volume, on buckets the storage strategy provisions, on the downgrade
   * guard's record (which is what refuses an older backend revision at plan), and on the front door's
   * certificate volume. @default true
   */
  readonly protectDataVolume?: boolean;
  /**
   * A Caddy container in front of the three URLs (ConvexFrontDoor): HTTPS with certificates obtained
   * automatically. The URLs must then be `https://<host>` with the door's HTTPS port, one host each.
   * @default none: the ports are reached directly, or through a proxy of your own (docs/front-door.md)
   */
  readonly frontDoor?: Omit<
    ConvexFrontDoorProps,
    "workspaceName" | "network" | "urls" | "backend" | "dashboard" | "protectFromDestroy"
  >;
  /**
   * What the plan-time volume guard's explanation calls the settings, for a tool that builds these props
   * from its own configuration and wants its users to read their own field names.
   * @default DEPLOYMENT_PROPS_WORDING (these props' names)
   */
  readonly volumeChangeWording?: VolumeChangeWording;
}

/**
 * A complete Convex self-hosted deployment on one Docker host: network, data volume, storage, backend, dashboard,
 * and the plan-time guards that keep the volume's data: the volume refuses a change of storage, database or
 * instance name, and the backend refuses to go back to an older revision.
 *
 * @example
 * ```ts
 * import { App, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
 * import { provider } from "@cdktf/provider-docker";
 * import { ConvexDeployment } from "convex-stack";
 *
 * const stack = new TerraformStack(new App(), "shop");
 * new provider.DockerProvider(stack, "docker", {});
 * const convex = new ConvexDeployment(stack, "convex", {
 *   workspaceName: "shop",
 *   urls: { backend: "https://api.shop.example", site: "https://site.shop.example", dashboard: "https://dash.shop.example" },
 *   instanceSecret: new TerraformVariable(stack, "instance_secret", { type: "string", sensitive: true }).stringValue,
 * });
 * for (const [name, output] of Object.entries(convex.outputs)) new TerraformOutput(stack, name, output);
 * ```
 */
export class ConvexDeployment extends Construct {
  /** The Docker object names: `convex-<workspaceName>-backend`, `convex-<workspaceName>-data`, ... */
  readonly names: ResourceNames;
  /** What the data volume records it holds the data of (labels, and the volume guard's ledger). */
  readonly fingerprint: VolumeFingerprint;
  /** The private network the containers share. */
  readonly network: ConvexNetwork;
  /** The volume at /convex/data: database (with SQLite), files (with local storage), generated secret. */
  readonly dataVolume: ConvexDataVolume;
  /** Fails `terraform plan` when the volume is asked to change what its data depends on. */
  readonly volumeGuard: VolumeFingerprintGuard;
  /** Fails `terraform plan` when an older backend revision would run over a database a newer one migrated. */
  readonly downgradeGuard: DowngradeGuard;
  /** The backend container. */
  readonly backend: ConvexBackend;
  /** The dashboard container. */
  readonly dashboard: ConvexDashboard;
  /** What the storage strategy attached: the backend's storage variables and any stack outputs. */
  readonly storage: StorageBinding;
  /** The front door, when `frontDoor` is given. */
  readonly frontDoor?: ConvexFrontDoor;
  /** The public URLs: `backend` is CONVEX_CLOUD_ORIGIN (the API URL clients use), `site` CONVEX_SITE_ORIGIN. */
  readonly urls: PublicUrls;
  /** A shell command that prints an admin key (for the dashboard and CONVEX_SELF_HOSTED_ADMIN_KEY). */
  readonly adminKeyCommand: string;
  /** The variables a Convex app's `.env.local` needs to reach this backend: VITE_CONVEX_URL and CONVEX_SELF_HOSTED_URL. */
  readonly frontendEnvironment: Readonly<Record<string, string>>;
  /** The database a PostgreSQL or MySQL server must already have for this backend; undefined with SQLite. */
  readonly databaseName?: string;
  /**
   * Every value above, and the storage strategy's outputs, as stack outputs by name (backend_url, site_url,
   * dashboard_url, admin_key_command, frontend_env, database_name, storage_iam_policy_arn): emit them with
   * `new TerraformOutput(stack, name, output)`, as this repository's app does.
   */
  readonly outputs: Readonly<Record<string, DeploymentOutput>>;

  constructor(scope: Construct, id: string, props: ConvexDeploymentProps) {
    super(scope, id);
    // Known values are refused before any resource exists. Tokens are checked at plan by the resources that
    // use them: the workspace name by the data volume, the backend and site URLs by the backend (as its
    // origins), and these two below.
    checkString("workspaceName", props.workspaceName, WORKSPACE_NAME_FORMAT);
    checkString("urls.backend", props.urls.backend, HTTP_URL_FORMAT);
    checkString("urls.site", props.urls.site, HTTP_URL_FORMAT);
    const instanceNameChecks =
      props.instanceName === undefined ? [] : checkString("instanceName", props.instanceName, WORKSPACE_NAME_FORMAT);
    const dashboardUrlChecks = checkString("urls.dashboard", props.urls.dashboard, HTTP_URL_FORMAT);
    // Behind the door the backend's and dashboard's own ports are for this host only.
    const privatePortChecks = props.frontDoor
      ? checkString("bindAddress (with frontDoor)", props.bindAddress ?? DEFAULT_BIND_ADDRESS, LOOPBACK_ADDRESS_FORMAT)
      : [];
    const dockerHost = props.dockerHost ?? DEFAULT_DOCKER_HOST;
    const dockerHostChecks = checkString("dockerHost", dockerHost, DOCKER_HOST_FORMAT);
    const instanceName = props.instanceName ?? defaultInstanceName(props.workspaceName);
    const storage = props.storage ?? new LocalStorage();
    const database = props.database ?? Database.sqlite();
    const ports = props.ports ?? DEFAULT_HOST_PORTS;
    for (const which of ["backend", "site", "dashboard"] as const)
      checkWholeNumber(`ports.${which}`, ports[which], PORT_RANGE);
    const generation = props.volumeGeneration ?? FIRST_VOLUME_GENERATION;
    assertVolumeGeneration(generation, "volumeGeneration");
    this.names = resourceNames(props.workspaceName, generation);
    this.fingerprint = volumeFingerprint({ workspaceName: props.workspaceName, instanceName, storage, database });

    this.network = new ConvexNetwork(this, "network", { networkName: this.names.network });
    this.volumeGuard = new VolumeFingerprintGuard(this, "volume-guard", {
      fingerprint: this.fingerprint,
      volumeName: this.names.volume,
      generation,
      wording: props.volumeChangeWording ?? DEPLOYMENT_PROPS_WORDING,
    });
    const version = props.version ?? DEFAULT_CONVEX_VERSION;
    this.downgradeGuard = new DowngradeGuard(this, "downgrade-guard", {
      revision: version,
      revisionDate: props.versionDate,
      generation,
      enforce: props.protectDataVolume ?? DEFAULT_PROTECT_FROM_DESTROY,
    });
    this.dataVolume = new ConvexDataVolume(this, "data", {
      workspaceName: props.workspaceName,
      protectFromDestroy: props.protectDataVolume,
      generation,
    });
    this.dataVolume.recordFingerprint(this.fingerprint, this.volumeGuard);
    this.storage = storage.bind(this, {
      namePrefix: `convex-${props.workspaceName}`,
      network: this.network,
      dataVolume: this.dataVolume,
      instanceName,
      protectFromDestroy: props.protectDataVolume ?? DEFAULT_PROTECT_FROM_DESTROY,
      database,
      backendVersion: version,
    });
    this.backend = new ConvexBackend(this, "backend", {
      containerName: this.names.backendContainer,
      version,
      instanceName,
      cloudOrigin: props.urls.backend,
      siteOrigin: props.urls.site,
      network: this.network,
      dataVolume: this.dataVolume,
      storage: this.storage,
      database,
      instanceSecret: props.instanceSecret,
      bindAddress: props.bindAddress,
      apiPort: ports.backend,
      sitePort: ports.site,
      rustLog: props.rustLog,
      disableBeacon: props.disableBeacon,
      redactLogsToClient: props.redactLogsToClient,
      knobs: props.knobs,
      unsafeRawEnvironment: props.unsafeRawEnvironment,
      waitTimeout: props.waitTimeout,
    });
    // The record of the revisions reached is written before a newer backend starts migrating the database (the
    // backend itself waits for the volume guard, and the dashboard follows the backend).
    this.backend.container.dependsOn = [
      ...(this.backend.container.dependsOn ?? []),
      dependable(this.downgradeGuard.record),
    ];
    this.dashboard = new ConvexDashboard(this, "dashboard", {
      containerName: this.names.dashboardContainer,
      backend: this.backend,
      network: this.network,
      bindAddress: props.bindAddress,
      port: ports.dashboard,
    });
    if (props.frontDoor) {
      this.frontDoor = new ConvexFrontDoor(this, "front-door", {
        ...props.frontDoor,
        workspaceName: props.workspaceName,
        network: this.network,
        urls: props.urls,
        backend: this.backend,
        dashboard: this.dashboard,
        protectFromDestroy: props.protectDataVolume,
      });
    }
    addPreconditions(this.backend.container, [...instanceNameChecks, ...dockerHostChecks, ...privatePortChecks]);
    addPreconditions(this.dashboard.container, [...dashboardUrlChecks, ...privatePortChecks]);

    this.urls = props.urls;
    const dockerCli = dockerHost === DEFAULT_DOCKER_HOST ? "docker" : `docker -H ${dockerHost}`;
    this.adminKeyCommand = `${dockerCli} exec ${this.names.backendContainer} ./generate_admin_key.sh`;
    this.frontendEnvironment = { VITE_CONVEX_URL: props.urls.backend, CONVEX_SELF_HOSTED_URL: props.urls.backend };
    this.databaseName = database.kind === "sqlite" ? undefined : databaseNameFor(instanceName);
    this.outputs = {
      backend_url: { value: this.urls.backend, description: "CONVEX_CLOUD_ORIGIN: the API URL clients use." },
      site_url: { value: this.urls.site, description: "CONVEX_SITE_ORIGIN: where HTTP actions are served." },
      dashboard_url: { value: this.urls.dashboard, description: "The dashboard; log in with an admin key." },
      admin_key_command: {
        value: this.adminKeyCommand,
        description: "Prints an admin key (for the dashboard and CONVEX_SELF_HOSTED_ADMIN_KEY).",
      },
      frontend_env: {
        value: this.frontendEnvironment,
        description:
          "Put these in the app's .env.local: they point at this backend, from the same source as the backend's own URL.",
      },
      ...(this.databaseName === undefined
        ? {}
        : {
            database_name: {
              value: this.databaseName,
              description: `The ${database.kind} database the backend uses; create it before the first deploy.`,
            },
          }),
      ...this.storage.outputs,
    };
  }
}
