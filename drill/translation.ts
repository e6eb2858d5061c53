import { createHash } from "node:crypto";
import type Docker from "dockerode";

/*
 * The drill's one translation between the docker_* resources of a cdk.tf.json and the Docker Engine API: what
 * each attribute, as Terraform evaluated it, becomes in the create request, and how it is read back from
 * `docker inspect` for the no-change check. It follows what the kreuzwerker/docker provider 3.6.2 does
 * (internal/provider/resource_docker_container_funcs.go: resourceDockerContainerCreate and ...Read;
 * resource_docker_container_structures.go: portSetToDockerPorts, volumeSetToDockerVolumes;
 * resource_docker_network_funcs.go, resource_docker_volume.go), defaults included
 * (resource_docker_container.go's schema).
 *
 * The tables below are the whole of it: an attribute they do not name is not applied, so the drill refuses a
 * stack that uses one (untranslated(), which the completeness test runs over every example workspace).
 */

/** One resource's attributes, as Terraform evaluated them (the terraform_data's output). */
export type Attributes = Readonly<Record<string, unknown>>;

/** The docker_* resource types the drill creates. */
export const DOCKER_TYPES = ["docker_network", "docker_volume", "docker_image", "docker_container"] as const;
export type DockerType = (typeof DOCKER_TYPES)[number];

/** Terraform's meta-arguments: Terraform applies them itself (to the terraform_data copy), not the engine. */
const META_ARGUMENTS = new Set(["//", "depends_on", "count", "for_each", "lifecycle", "provider"]);

/** What creating one container takes, besides the create request itself (the provider's order). */
export interface ContainerRequest {
  /** ContainerCreate's body, name included. */
  readonly create: Docker.ContainerCreateOptions & { HostConfig: Docker.HostConfig };
  /** Connected after the create, the default bridge disconnected first. */
  readonly networks: { readonly name: string; readonly aliases: readonly string[] }[];
  /** Put into the container after the create, before the start. */
  readonly uploads: Upload[];
  /** Wait for the engine's health status "healthy" before creating what depends on it (the provider's `wait`). */
  wait: boolean;
  /** How long that wait may take. */
  waitTimeoutSeconds: number;
}

/** A file the container gets before it starts (the provider's `upload` block). */
interface Upload {
  readonly file: string;
  readonly content: Buffer;
  readonly mode: number;
}

/** What the engine holds for one container, read for the no-change check. */
export interface ObservedContainer {
  readonly container: Docker.ContainerInspectInfo;
  /** Its image: what the container holds that the image, not the stack, put there (env, labels) is not compared. */
  readonly image: Docker.ImageInspectInfo;
  /** The files the stack uploads, as they are in the container now (absent: not there). */
  readonly uploads: ReadonlyMap<string, { readonly content: Buffer; readonly mode: number }>;
}

/** The engine's side of the other types. */
export interface ObservedNetwork {
  readonly network: Docker.NetworkInspectInfo;
}
export interface ObservedVolume {
  readonly volume: Docker.VolumeInspectInfo;
}
export interface ObservedImage {
  readonly image: Docker.ImageInspectInfo;
}

interface Mapping<Request, Observed> {
  /** Where the value goes, for the reader and for messages. */
  readonly engine: string;
  /** A block's attributes that are applied; any other inside it is refused. */
  readonly nested?: readonly string[];
  /** Writes the evaluated value into the request. */
  readonly apply: (value: never, request: Request) => void;
  /** The value as the engine holds it, in the shape `desired` gives; absent: nothing on the engine to compare. */
  readonly observe?: (observed: Observed, given: never) => unknown;
  /** The evaluated value in a comparable shape (defaults filled in, sets ordered). @default the value itself */
  readonly desired?: (value: never) => unknown;
  /** Its values may be secrets: a difference names what differs, never a value. */
  readonly secret?: boolean;
}

/** The create requests of the other types. */
export interface NetworkRequest {
  readonly create: Docker.NetworkCreateOptions;
}
export interface VolumeRequest {
  readonly create: Docker.VolumeCreateOptions & { Name: string };
}
interface ImageRequest {
  /** The reference the image is tagged with (built locally: nothing is pulled). */
  name: string;
  /** The image's id, which the drill's copy gives Terraform as `image_id`. */
  id: string;
}

type Table<Request, Observed> = Readonly<Record<string, Mapping<Request, Observed>>>;

// ---- values as the provider reads them -------------------------------------------------------------------

const text = (value: unknown): string => (typeof value === "string" ? value : String(value));
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(text) : []);
/** A block is written as one object or as a list of them (cdktf writes a single nested block as an object). */
const blocks = (value: unknown): Record<string, unknown>[] =>
  (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]) as Record<string, unknown>[];
const byKey = <T>(list: T[], key: (item: T) => string): T[] => [...list].sort((a, b) => (key(a) < key(b) ? -1 : 1));
/** `labels { label, value }` blocks as a map (labelSetToMap). */
const labelMap = (value: unknown): Record<string, string> =>
  Object.fromEntries(blocks(value).map((l) => [text(l.label), text(l.value)]));
const sortedObject = (record: Readonly<Record<string, string>> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)));

const GO_DURATION_UNITS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 6e10,
  h: 3.6e12,
};
/** A Go duration ("5s", "1m30s", "0s") in nanoseconds, as time.ParseDuration reads it; an unparsable one is 0, as the provider ignores its error. */
export function goDuration(value: unknown): number {
  const source = text(value ?? "0s");
  const parts = [...source.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== source.replace(/^[+]/, "")) return 0;
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * GO_DURATION_UNITS[p[2]], 0));
}

/** The provider's `ports` defaults: ip 0.0.0.0, protocol tcp (resource_docker_container.go). */
function portsOf(value: unknown) {
  return byKey(
    blocks(value).map((p) => ({
      internal: Number(p.internal),
      external: p.external === undefined || p.external === null ? undefined : Number(p.external),
      ip: p.ip === undefined || p.ip === null ? "0.0.0.0" : text(p.ip),
      protocol: p.protocol === undefined || p.protocol === null ? "tcp" : text(p.protocol),
    })),
    (p) => `${p.internal}/${p.protocol} ${p.ip}`,
  );
}

/** `volumes` blocks: a named volume or a host path, read-only or not (volumeSetToDockerVolumes). */
function volumesOf(value: unknown) {
  return byKey(
    blocks(value).map((v) => ({
      container_path: text(v.container_path),
      source: text(v.volume_name ?? v.host_path ?? ""),
      read_only: v.read_only === true,
    })),
    (v) => v.container_path,
  );
}

function healthcheckOf(value: unknown) {
  const [check] = blocks(value);
  if (!check) return undefined;
  return {
    test: strings(check.test),
    interval: goDuration(check.interval),
    timeout: goDuration(check.timeout),
    start_period: goDuration(check.start_period),
    start_interval: goDuration(check.start_interval),
    retries: check.retries === undefined || check.retries === null ? 0 : Number(check.retries),
  };
}

function networksOf(value: unknown) {
  return byKey(
    blocks(value).map((n) => ({ name: text(n.name), aliases: strings(n.aliases).sort() })),
    (n) => n.name,
  );
}

/** The provider's upload modes: `permissions` (octal), else 0744 when executable, else 0644. */
function uploadsOf(value: unknown): Upload[] {
  return blocks(value).map((u) => {
    const content =
      u.content_base64 !== undefined && u.content_base64 !== null && u.content_base64 !== ""
        ? Buffer.from(text(u.content_base64), "base64")
        : Buffer.from(text(u.content ?? ""), "utf8");
    const mode =
      u.permissions !== undefined && u.permissions !== null && u.permissions !== ""
        ? parseInt(text(u.permissions), 8)
        : u.executable === true
          ? 0o744
          : 0o644;
    return { file: text(u.file), content, mode };
  });
}

const sha256 = (content: Buffer) => createHash("sha256").update(content).digest("hex");
const uploadSummary = (uploads: readonly Upload[]) =>
  byKey(
    uploads.map((u) => ({ file: u.file, sha256: sha256(u.content), mode: u.mode.toString(8) })),
    (u) => u.file,
  );

/** Entries the image itself sets (env, labels) are the image's, not the stack's: left out unless the stack sets them. */
function notFromImage(entries: readonly string[], imageEntries: readonly string[], given: readonly string[]): string[] {
  return entries.filter((entry) => given.includes(entry) || !imageEntries.includes(entry));
}

// ---- the tables ------------------------------------------------------------------------------------------

/** What the drill does itself, with no engine state to compare. */
const DRILL_ONLY = undefined;

const CONTAINER: Table<ContainerRequest, ObservedContainer> = {
  name: {
    engine: "the container's name",
    apply: (value: string, r) => {
      r.create.name = value;
    },
    observe: (o) => o.container.Name.replace(/^\//, ""),
  },
  image: {
    engine: "Config.Image (the locally built image's id, as docker_image.image_id gives it)",
    apply: (value: string, r) => {
      r.create.Image = value;
    },
    // The provider reads .Image back when the value is an image id, else Config.Image (resourceDockerContainerRead).
    observe: (o, given: string) => (given.startsWith("sha256:") ? o.container.Image : o.container.Config.Image),
  },
  env: {
    engine: "Config.Env",
    secret: true,
    apply: (value: string[], r) => {
      r.create.Env = strings(value);
    },
    desired: (value: string[]) => strings(value).sort(),
    observe: (o, given: string[]) =>
      notFromImage(o.container.Config.Env ?? [], o.image.Config?.Env ?? [], strings(given)).sort(),
  },
  command: {
    engine: "Config.Cmd",
    apply: (value: string[], r) => {
      r.create.Cmd = strings(value);
    },
    observe: (o) => o.container.Config.Cmd ?? [],
  },
  entrypoint: {
    engine: "Config.Entrypoint",
    apply: (value: string[], r) => {
      r.create.Entrypoint = strings(value);
    },
    observe: (o) => strings(o.container.Config.Entrypoint),
  },
  user: {
    engine: "Config.User",
    apply: (value: string, r) => {
      r.create.User = value;
    },
    observe: (o) => o.container.Config.User,
  },
  labels: {
    engine: "Config.Labels",
    nested: ["label", "value"],
    apply: (value: unknown, r) => {
      r.create.Labels = labelMap(value);
    },
    desired: (value: unknown) => sortedObject(labelMap(value)),
    observe: (o, given: unknown) => {
      const wanted = labelMap(given);
      const fromImage = o.image.Config?.Labels ?? {};
      return sortedObject(
        Object.fromEntries(
          Object.entries(o.container.Config.Labels ?? {}).filter(([k, v]) => k in wanted || fromImage[k] !== v),
        ),
      );
    },
  },
  healthcheck: {
    engine: "Config.Healthcheck (durations in nanoseconds)",
    nested: ["test", "interval", "timeout", "start_period", "start_interval", "retries"],
    apply: (value: unknown, r) => {
      const check = healthcheckOf(value);
      if (!check) return;
      r.create.Healthcheck = {
        Test: check.test,
        Interval: check.interval,
        Timeout: check.timeout,
        StartPeriod: check.start_period,
        ...(check.start_interval ? { StartInterval: check.start_interval } : {}),
        Retries: check.retries,
      };
    },
    desired: healthcheckOf,
    observe: (o) => {
      const check = o.container.Config.Healthcheck;
      if (!check) return undefined;
      return {
        test: check.Test ?? [],
        interval: check.Interval ?? 0,
        timeout: check.Timeout ?? 0,
        start_period: check.StartPeriod ?? 0,
        start_interval: check.StartInterval ?? 0,
        retries: check.Retries ?? 0,
      };
    },
  },
  ports: {
    engine: "Config.ExposedPorts and HostConfig.PortBindings",
    nested: ["internal", "external", "ip", "protocol"],
    apply: (value: unknown, r) => {
      const exposed: Record<string, object> = {};
      const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
      for (const p of portsOf(value)) {
        const key = `${p.internal}/${p.protocol}`;
        exposed[key] = {};
        (bindings[key] ??= []).push({ HostIp: p.ip, HostPort: p.external === undefined ? "" : String(p.external) });
      }
      r.create.ExposedPorts = exposed;
      r.create.HostConfig.PortBindings = bindings;
    },
    desired: portsOf,
    observe: (o) =>
      portsOf(
        Object.entries(
          (o.container.HostConfig.PortBindings ?? {}) as Record<string, Docker.PortBinding[] | null>,
        ).flatMap(([key, list]) =>
          (list ?? []).map((b) => ({
            internal: Number(key.split("/")[0]),
            protocol: key.split("/")[1],
            ip: b.HostIp || "0.0.0.0",
            external: b.HostPort ? Number(b.HostPort) : undefined,
          })),
        ),
      ),
  },
  volumes: {
    engine: "HostConfig.Binds (<volume or host path>:<container path>:rw|ro), read back from Mounts",
    nested: ["container_path", "volume_name", "host_path", "read_only"],
    apply: (value: unknown, r) => {
      r.create.HostConfig.Binds = volumesOf(value).map(
        (v) => `${v.source}:${v.container_path}:${v.read_only ? "ro" : "rw"}`,
      );
    },
    desired: volumesOf,
    observe: (o, given: unknown) => {
      const declaredByImage = Object.keys(o.image.Config?.Volumes ?? {});
      const wanted = volumesOf(given).map((v) => v.container_path);
      return volumesOf(
        (o.container.Mounts ?? [])
          .filter((m) => wanted.includes(m.Destination) || !declaredByImage.includes(m.Destination))
          .map((m) => ({
            container_path: m.Destination,
            volume_name: m.Type === "volume" ? m.Name : undefined,
            host_path: m.Type === "volume" ? undefined : m.Source,
            read_only: !m.RW,
          })),
      );
    },
  },
  networks_advanced: {
    engine: "NetworkConnect after the create (aliases), the default bridge disconnected first",
    nested: ["name", "aliases"],
    apply: (value: unknown, r) => {
      r.networks.push(...networksOf(value));
    },
    desired: networksOf,
    observe: (o) => {
      // The engine lists the container's short id among the aliases of every user-defined network.
      const shortId = o.container.Id.slice(0, 12);
      return networksOf(
        Object.entries(o.container.NetworkSettings.Networks ?? {}).map(([name, n]) => ({
          name,
          aliases: ((n.Aliases ?? []) as string[]).filter((alias) => alias !== shortId),
        })),
      );
    },
  },
  network_mode: {
    engine: "HostConfig.NetworkMode",
    apply: (value: string, r) => {
      r.create.HostConfig.NetworkMode = value;
    },
    observe: (o) => o.container.HostConfig.NetworkMode,
  },
  restart: {
    engine: "HostConfig.RestartPolicy.Name",
    apply: (value: string, r) => {
      r.create.HostConfig.RestartPolicy = { Name: value };
    },
    observe: (o) => o.container.HostConfig.RestartPolicy?.Name ?? "",
  },
  init: {
    engine: "HostConfig.Init",
    apply: (value: boolean, r) => {
      r.create.HostConfig.Init = value === true;
    },
    observe: (o) => o.container.HostConfig.Init === true,
  },
  stop_signal: {
    engine: "Config.StopSignal",
    apply: (value: string, r) => {
      r.create.StopSignal = value;
    },
    observe: (o) => (o.container.Config as { StopSignal?: string }).StopSignal,
  },
  stop_timeout: {
    engine: "Config.StopTimeout (seconds)",
    apply: (value: number, r) => {
      r.create.StopTimeout = Number(value);
    },
    desired: (value: number) => Number(value),
    observe: (o) => (o.container.Config as { StopTimeout?: number }).StopTimeout,
  },
  upload: {
    engine:
      "a tar archive put at / after the create, before the start (mode: permissions, else 0744 executable, else 0644)",
    nested: ["file", "content", "content_base64", "executable", "permissions"],
    secret: true,
    apply: (value: unknown, r) => {
      r.uploads.push(...uploadsOf(value));
    },
    desired: (value: unknown) => uploadSummary(uploadsOf(value)),
    observe: (o) =>
      uploadSummary([...o.uploads].map(([file, { content, mode }]) => ({ file, content, mode: mode & 0o7777 }))),
  },
  wait: {
    engine: "the drill waits for the engine's health status healthy before what depends on the container",
    apply: (value: boolean, r) => {
      r.wait = value === true;
    },
    observe: DRILL_ONLY,
  },
  wait_timeout: {
    engine: "how long that wait may take (seconds)",
    apply: (value: number, r) => {
      r.waitTimeoutSeconds = Number(value);
    },
    observe: DRILL_ONLY,
  },
};

const NETWORK: Table<NetworkRequest, ObservedNetwork> = {
  name: {
    engine: "the network's name",
    apply: (value: string, r) => {
      r.create.Name = value;
    },
    observe: (o) => o.network.Name,
  },
  driver: {
    engine: "Driver",
    apply: (value: string, r) => {
      r.create.Driver = value;
    },
    observe: (o) => o.network.Driver,
  },
  internal: {
    engine: "Internal",
    apply: (value: boolean, r) => {
      r.create.Internal = value === true;
    },
    observe: (o) => o.network.Internal === true,
  },
  labels: {
    engine: "Labels",
    nested: ["label", "value"],
    apply: (value: unknown, r) => {
      r.create.Labels = labelMap(value);
    },
    desired: (value: unknown) => sortedObject(labelMap(value)),
    observe: (o) => sortedObject(o.network.Labels),
  },
};

const VOLUME: Table<VolumeRequest, ObservedVolume> = {
  name: {
    engine: "the volume's name",
    apply: (value: string, r) => {
      r.create.Name = value;
    },
    observe: (o) => o.volume.Name,
  },
  labels: {
    engine: "Labels",
    nested: ["label", "value"],
    apply: (value: unknown, r) => {
      r.create.Labels = labelMap(value);
    },
    desired: (value: unknown) => sortedObject(labelMap(value)),
    observe: (o) => sortedObject(o.volume.Labels ?? undefined),
  },
  driver: {
    engine: "Driver",
    apply: (value: string, r) => {
      r.create.Driver = value;
    },
    observe: (o) => o.volume.Driver,
  },
};

const IMAGE: Table<ImageRequest, ObservedImage> = {
  name: {
    engine: "the reference the locally built image is tagged with (nothing is pulled)",
    apply: (value: string, r) => {
      r.name = value;
    },
    observe: (o, given: string) => ((o.image.RepoTags ?? []).includes(given) ? given : null),
  },
  image_id: {
    engine: "the image's id: computed by the provider, given to Terraform by the drill's copy",
    apply: (value: string, r) => {
      r.id = value;
    },
    observe: (o) => o.image.Id,
  },
  keep_locally: {
    engine: "the drill never removes an image",
    apply: () => undefined,
    observe: DRILL_ONLY,
  },
};

/** Every table, by resource type. */
const TABLES = {
  docker_network: NETWORK,
  docker_volume: VOLUME,
  docker_image: IMAGE,
  docker_container: CONTAINER,
};

/**
 * The attributes Terraform computes that the copy gives its terraform_data: references to these resolve. Only
 * the image's id: the provider's other computed attributes (ids, mount points, network data) would need the
 * engine during the plan.
 */
const COMPUTED: Readonly<Partial<Record<DockerType, readonly string[]>>> = { docker_image: ["image_id"] };

// ---- requests --------------------------------------------------------------------------------------------

function applyAll<Request>(
  type: DockerType,
  table: Table<Request, unknown>,
  attributes: Attributes,
  request: Request,
): Request {
  const refused = unapplied(type, attributes);
  if (refused.length > 0)
    throw new Error(`${type} ${text(attributes.name)}: the drill does not apply ${refused.join(", ")}`);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || META_ARGUMENTS.has(key)) continue;
    table[key].apply(value as never, request);
  }
  return request;
}

/** The provider's create of one container: its request, networks, uploads and wait. */
export function containerRequest(attributes: Attributes): ContainerRequest {
  return applyAll(
    "docker_container",
    CONTAINER as Table<ContainerRequest, unknown>,
    attributes,
    // The provider's defaults when the attribute is absent: restart "no", network_mode "bridge", init false.
    {
      create: {
        HostConfig: { RestartPolicy: { Name: "no" }, NetworkMode: "bridge", Init: false },
      },
      networks: [],
      uploads: [],
      // The provider's defaults: wait false, wait_timeout 60.
      wait: false,
      waitTimeoutSeconds: 60,
    },
  );
}

export function networkRequest(attributes: Attributes): NetworkRequest {
  return applyAll("docker_network", NETWORK as Table<NetworkRequest, unknown>, attributes, {
    create: { Name: "", CheckDuplicate: true },
  });
}

export function volumeRequest(attributes: Attributes): VolumeRequest {
  return applyAll("docker_volume", VOLUME as Table<VolumeRequest, unknown>, attributes, { create: { Name: "" } });
}

// ---- the no-change check ---------------------------------------------------------------------------------

/** One attribute whose engine value is not the evaluated one. */
export interface Difference {
  readonly attribute: string;
  /** What differs, printable: values, or for a secret attribute only which entries. */
  readonly detail: string;
}

/**
 * Every evaluated attribute compared with what the engine holds (the drill's analogue of an empty second plan).
 * `ignored`: the resource's lifecycle.ignore_changes, which the provider's plan would not compare either.
 */
export function differences(
  type: DockerType,
  attributes: Attributes,
  observed: ObservedContainer | ObservedNetwork | ObservedVolume | ObservedImage,
  ignored: readonly string[] = [],
): Difference[] {
  const table = TABLES[type] as Table<unknown, unknown>;
  const found: Difference[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || META_ARGUMENTS.has(key) || ignored.includes(key)) continue;
    const mapping = table[key];
    if (!mapping?.observe) continue;
    const wanted = mapping.desired ? mapping.desired(value as never) : value;
    const actual = mapping.observe(observed, value as never);
    if (JSON.stringify(wanted) === JSON.stringify(actual)) continue;
    found.push({ attribute: key, detail: mapping.secret ? secretDetail(wanted, actual) : plainDetail(wanted, actual) });
  }
  return found;
}

const MAX_SHOWN = 300;
function printable(value: unknown): string {
  // JSON escapes control characters (and the report neutralises every line); a long value is cut.
  const json = JSON.stringify(value) ?? "absent";
  return json.length > MAX_SHOWN ? `${json.slice(0, MAX_SHOWN)}...` : json;
}

function plainDetail(wanted: unknown, actual: unknown): string {
  return `wanted ${printable(wanted)}, found ${printable(actual)}`;
}

/** Which entries differ (env names, upload files), never their values. */
function secretDetail(wanted: unknown, actual: unknown): string {
  const key = (entry: unknown) =>
    typeof entry === "string"
      ? entry.slice(0, Math.max(entry.indexOf("="), 0)) || "?"
      : text((entry as { file?: string }).file);
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);
  const encode = (entry: unknown) => JSON.stringify(entry);
  const wantedSet = new Set(list(wanted).map(encode));
  const actualSet = new Set(list(actual).map(encode));
  const missing = list(wanted)
    .filter((e) => !actualSet.has(encode(e)))
    .map(key);
  const extra = list(actual)
    .filter((e) => !wantedSet.has(encode(e)))
    .map(key);
  return [
    missing.length > 0 ? `not as evaluated: ${printable(missing)}` : "",
    extra.length > 0 ? `not in the stack: ${printable(extra)}` : "",
  ]
    .filter(Boolean)
    .join("; ")
    .concat(" (values not shown)");
}

// ---- completeness ----------------------------------------------------------------------------------------

/** A resource's attributes (and attributes inside its blocks) that the tables do not apply. */
function unapplied(type: DockerType, attributes: Attributes): string[] {
  const table = TABLES[type] as Table<unknown, unknown>;
  const missing: string[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (META_ARGUMENTS.has(key)) continue;
    const mapping = table[key];
    if (!mapping) {
      missing.push(key);
      continue;
    }
    if (!mapping.nested || typeof value === "string") continue; // a string is an expression Terraform evaluates
    for (const block of blocks(value))
      for (const inner of Object.keys(block ?? {}))
        if (!mapping.nested.includes(inner)) missing.push(`${key}.${inner}`);
  }
  return [...new Set(missing)];
}

const REFERENCE = /\b(docker_[a-z_]+)\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?(?:\.([A-Za-z_]\w*))?/g;

/**
 * What in a synthesized stack the drill would not apply: every docker_* attribute (and block attribute) the
 * tables above do not name, every docker_* resource or data source type other than the four, and every
 * reference to an attribute the copy cannot give Terraform. Empty: the drill applies all of it.
 */
export function untranslated(stack: {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Attributes>>>>;
  readonly data?: Readonly<Record<string, unknown>>;
}): string[] {
  const problems: string[] = [];
  const configured = new Map<string, Set<string>>();
  for (const [type, resources] of Object.entries(stack.resource ?? {})) {
    if (!type.startsWith("docker_")) continue;
    if (!(DOCKER_TYPES as readonly string[]).includes(type)) {
      problems.push(`resource type ${type}`);
      continue;
    }
    for (const [name, attributes] of Object.entries(resources)) {
      configured.set(`${type}.${name}`, new Set([...Object.keys(attributes), ...(COMPUTED[type as DockerType] ?? [])]));
      for (const attribute of unapplied(type as DockerType, attributes)) problems.push(`${type}.${name}: ${attribute}`);
    }
  }
  for (const type of Object.keys(stack.data ?? {}))
    if (type.startsWith("docker_")) problems.push(`data source ${type}`);
  for (const match of JSON.stringify(stack).matchAll(REFERENCE)) {
    const [whole, type, name, attribute] = match;
    const attributes = configured.get(`${type}.${name}`);
    if (!attributes || attribute === undefined) continue;
    if (!attributes.has(attribute)) problems.push(`reference ${whole}: ${attribute} is computed by the provider`);
  }
  return [...new Set(problems)];
}
