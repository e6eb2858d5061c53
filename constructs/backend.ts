import { Container } from "@cdktf/provider-docker/lib/container";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { addPreconditions, checkString, checkWholeNumber } from "./checks";
import {
  CONTAINER_PORTS,
  DEFAULT_BACKEND_WAIT_TIMEOUT_SECONDS,
  DEFAULT_BIND_ADDRESS,
  DEFAULT_DISABLE_BEACON,
  DEFAULT_HOST_PORTS,
  DEFAULT_REDACT_LOGS_TO_CLIENT,
  DEFAULT_RUST_LOG,
  PORT_RANGE,
} from "./domain/defaults";
import { InvalidPropsError } from "./domain/errors";
import { volumeFingerprint } from "./domain/fingerprint";
import { invalidKnobs, knobEnvironment } from "./domain/knob-environment";
import { type BackendKnobs } from "./domain/knobs";
import { HTTP_URL_FORMAT, IMAGE_TAG_FORMAT, IP_ADDRESS_FORMAT, RUST_LOG_FORMAT } from "./domain/patterns";
import { assertBackendReads, assertRawEnvironment } from "./backend-environment-checks";
import { ConvexDataVolume } from "./data-volume";
import { Database } from "./database";
import { flag, toDockerEnv } from "./environment";
import { BACKEND_IMAGE, pinnedImage } from "./images";
import type { ConvexNetwork } from "./network";
import { assertSecretReference } from "./secret";
import type { StorageBinding } from "./storage/storage-strategy";

/** ConvexBackend's props: the backend's environment, ports and data, in upstream's terms. */
export interface ConvexBackendProps {
  /** The container's name, e.g. `convex-<workspace>-backend` (resourceNames). */
  readonly containerName: string;
  /** Image tag (an upstream git revision). */
  readonly version: string;
  /** INSTANCE_NAME: names the SQL database and the S3 key prefix; do not change it on a deployed volume. */
  readonly instanceName: string;
  /** CONVEX_CLOUD_ORIGIN: the public URL of the API port (3210). */
  readonly cloudOrigin: string;
  /** CONVEX_SITE_ORIGIN: the public URL of the HTTP-actions port (3211). */
  readonly siteOrigin: string;
  /** The network the dashboard and sidecars reach the backend on (as `backend`). */
  readonly network: ConvexNetwork;
  /**
   * The data volume. Unless it was made with `fingerprintGuard: false`, the backend records on it what it
   * runs with (instance name, storage, database): labels, and a plan-time guard it waits for.
   */
  readonly dataVolume: ConvexDataVolume;
  /** What the storage strategy's `bind` returned. */
  readonly storage: StorageBinding;
  /** @default Database.sqlite() */
  readonly database?: Database;
  /**
   * INSTANCE_SECRET as a sensitive reference.
   * @default none: the image generates one and keeps it in the data volume
   */
  readonly instanceSecret?: string;
  /** Host address the ports are published on. @default "127.0.0.1" (this machine only) */
  readonly bindAddress?: string;
  /** Host port of the API (CONVEX_CLOUD_ORIGIN's port). @default 3210 */
  readonly apiPort?: number;
  /** Host port of the HTTP actions (CONVEX_SITE_ORIGIN's port). @default 3211 */
  readonly sitePort?: number;
  /** RUST_LOG. @default "info" */
  readonly rustLog?: string;
  /** DISABLE_BEACON: true stops the backend's anonymous usage beacon. @default false */
  readonly disableBeacon?: boolean;
  /** REDACT_LOGS_TO_CLIENT: true hides server log lines from clients. @default false */
  readonly redactLogsToClient?: boolean;
  /**
   * Typed knobs, emitted in the form each variable parses. A knob the revision (`version`) does not read,
   * or that an undated revision might not read, is refused.
   * @default upstream compose's safe defaults only: DISABLE_METRICS_ENDPOINT=true, DOCUMENT_RETENTION_DELAY=172800
   */
  readonly knobs?: BackendKnobs;
  /**
   * Escape hatch: variables this project does not know, passed to the backend as they are. Nothing checks
   * that the revision reads them or parses the value as given (upstream falls back to its default, logging
   * only a warning, for a value it cannot parse); a literal value lands in cdk.tf.json, so pass secrets as
   * references. Refused for a variable the typed props or knobs set.
   * @default none
   */
  readonly unsafeRawEnvironment?: { readonly [variable: string]: string };
  /**
   * Seconds `apply` waits for the backend to answer /version before it fails (and Terraform marks the
   * container for replacement). Long enough for the start after an upgrade, which loads the whole database.
   * @default 600
   */
  readonly waitTimeout?: number;
}

/**
 * The Convex backend container: API on 3210, HTTP actions on 3211, data in the volume. `apply` returns once it
 * answers /version. It records on its data volume what it runs with (see ConvexDataVolume) and waits for the
 * volume's guard.
 *
 * @example
 * ```ts
 * const network = new ConvexNetwork(this, "network", { networkName: "convex-shop" });
 * const dataVolume = new ConvexDataVolume(this, "data", { workspaceName: "shop" });
 * const storage = new LocalStorage().bind(this, { namePrefix: "convex-shop", network, dataVolume, instanceName: "convex-shop", protectFromDestroy: true });
 * const backend = new ConvexBackend(this, "backend", {
 *   containerName: "convex-shop-backend",
 *   version: DEFAULTS.version,
 *   instanceName: "convex-shop",
 *   cloudOrigin: "https://api.shop.example",
 *   siteOrigin: "https://site.shop.example",
 *   network,
 *   dataVolume,
 *   storage,
 * });
 * ```
 */
export class ConvexBackend extends Construct {
  /** The container's name. */
  readonly containerName: string;
  /** CONVEX_CLOUD_ORIGIN: the URL the dashboard is given. */
  readonly cloudOrigin: string;
  /** The image tag: an upstream revision. */
  readonly version: string;
  /** The Docker container resource. */
  readonly container: Container;

  constructor(scope: Construct, id: string, props: ConvexBackendProps) {
    super(scope, id);
    const database = props.database ?? Database.sqlite();
    const bindAddress = props.bindAddress ?? DEFAULT_BIND_ADDRESS;
    const apiPort = props.apiPort ?? DEFAULT_HOST_PORTS.backend;
    const sitePort = props.sitePort ?? DEFAULT_HOST_PORTS.site;
    const planChecks = [
      ...checkString("version", props.version, IMAGE_TAG_FORMAT),
      ...checkString("cloudOrigin", props.cloudOrigin, HTTP_URL_FORMAT),
      ...checkString("siteOrigin", props.siteOrigin, HTTP_URL_FORMAT),
      ...(props.rustLog === undefined ? [] : checkString("rustLog", props.rustLog, RUST_LOG_FORMAT)),
      ...checkString("bindAddress", bindAddress, IP_ADDRESS_FORMAT),
      ...checkWholeNumber("apiPort", apiPort, PORT_RANGE),
      ...checkWholeNumber("sitePort", sitePort, PORT_RANGE),
      ...(props.storage.preconditions ?? []),
      ...database.preconditions,
    ];
    assertSecretReference(props.instanceSecret, "instanceSecret");
    const knobs = props.knobs ?? {};
    const badKnobs = invalidKnobs(knobs);
    if (badKnobs.length > 0) throw new InvalidPropsError(`knobs: ${badKnobs.join("; ")}`);
    const waitTimeout = props.waitTimeout ?? DEFAULT_BACKEND_WAIT_TIMEOUT_SECONDS;
    if (!Number.isInteger(waitTimeout) || waitTimeout < 1)
      throw new InvalidPropsError(`waitTimeout must be a whole number of seconds of at least 1, got ${waitTimeout}`);
    this.containerName = props.containerName;
    this.cloudOrigin = props.cloudOrigin;
    this.version = props.version;
    const volumeGuard = props.dataVolume.recordFingerprint(
      volumeFingerprint({
        workspaceName: props.dataVolume.workspaceName,
        instanceName: props.instanceName,
        storage: props.storage,
        database,
      }),
    );
    const environment: Record<string, string | undefined> = {
      INSTANCE_NAME: props.instanceName,
      INSTANCE_SECRET: props.instanceSecret,
      CONVEX_CLOUD_ORIGIN: props.cloudOrigin,
      CONVEX_SITE_ORIGIN: props.siteOrigin,
      RUST_LOG: props.rustLog ?? DEFAULT_RUST_LOG,
      DISABLE_BEACON: flag(props.disableBeacon ?? DEFAULT_DISABLE_BEACON),
      REDACT_LOGS_TO_CLIENT: flag(props.redactLogsToClient ?? DEFAULT_REDACT_LOGS_TO_CLIENT),
      ...knobEnvironment(props.version, knobs),
      ...props.storage.backendEnvironment,
      ...database.backendEnvironment,
    };
    assertBackendReads(props.version, knobs, props.storage.backendEnvironment);
    assertRawEnvironment(props.unsafeRawEnvironment ?? {}, environment);
    Object.assign(environment, props.unsafeRawEnvironment);
    const image = pinnedImage(this, "image", BACKEND_IMAGE, props.version);
    this.container = new Container(this, "container", {
      name: props.containerName,
      image: image.imageId,
      env: toDockerEnv(environment, "backend"),
      networksAdvanced: [{ name: props.network.network.name, aliases: ["backend"] }],
      ports: [
        { internal: CONTAINER_PORTS.backend, external: apiPort, ip: bindAddress },
        { internal: CONTAINER_PORTS.site, external: sitePort, ip: bindAddress },
      ],
      volumes: [
        { volumeName: props.dataVolume.volume.name, containerPath: ConvexDataVolume.MOUNT_PATH },
        ...database.mounts.map((m) => ({ hostPath: m.hostPath, containerPath: m.containerPath, readOnly: true })),
      ],
      // Upstream's compose healthcheck; the image has none of its own.
      healthcheck: {
        test: ["CMD", "curl", "-f", `http://localhost:${CONTAINER_PORTS.backend}/version`],
        interval: "5s",
        startPeriod: "10s",
        timeout: "5s",
        retries: 3,
      },
      // SIGINT lets the backend flush and close SQLite cleanly (upstream's stop_signal).
      stopSignal: "SIGINT",
      stopTimeout: 10,
      restart: "unless-stopped",
      // Its first writes must find the buckets (when the storage strategy creates them) in place, and nothing
      // runs on the data before the volume guard has passed (the dashboard follows the backend).
      dependsOn: dependencies(props.storage.dependsOn, volumeGuard?.guard),
      // Apply returns only once the backend answers /version, so dependants start against a healthy backend.
      wait: true,
      waitTimeout,
    });
    addPreconditions(this.container, planChecks);
  }
}

function dependencies(
  storage: readonly ITerraformDependable[] | undefined,
  guard: ITerraformDependable | undefined,
): ITerraformDependable[] | undefined {
  const all = [...(storage ?? []), ...(guard ? [guard] : [])];
  return all.length > 0 ? all : undefined;
}
