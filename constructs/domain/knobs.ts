import { DEFAULT_CONVEX_VERSION } from "./default-pin";
import { catalogueEntry, factAt, factChanges, firstPublishedRelease } from "./upstream-catalogue";
import { quoted } from "./printable";

/*
 * The backend's knobs this project offers typed: each one's variable as upstream spells it, its type, the
 * form upstream parses (and so the form emitted), and where upstream reads it. Which revisions read each
 * one is the revision table's business (upstream-contract.ts); this table never guesses it.
 *
 * Upstream reads most knobs with `env_config` (crates/cmd_util/src/env.rs:23-48 at a9a760ca): the text
 * goes through Rust's FromStr, and a value that does not parse is logged and replaced by the default, so
 * the backend starts with a setting nobody asked for. Typed values emitted in the parsed form close that.
 */

/** The kind of value a knob takes. */
export enum KnobType {
  /** Whole seconds (Rust `Duration::from_secs(u64)`). */
  SECONDS = "seconds",
  /** A whole number of things (Rust `usize`). */
  COUNT = "count",
  /** true or false. */
  BOOLEAN = "boolean",
  /** One of a fixed list of words. */
  ENUM = "enum",
}

/** LOG_FORMAT (crates/cmd_util/src/env.rs:96-101 at a9a760ca): any other text silently means compact. */
export enum LogFormat {
  /** One JSON object per line. */
  JSON = "json",
  /** One short line per event (upstream's default). */
  COMPACT = "compact",
  /** Several lines per event, for reading by eye. */
  PRETTY = "pretty",
}

/**
 * RUST_BACKTRACE as Rust's standard library reads it (std::panic::get_backtrace_style): `0` off, `full`
 * every frame, `1` (or anything else) the short form.
 */
export enum RustBacktrace {
  /** No backtrace. */
  OFF = "0",
  /** The short form. */
  SHORT = "1",
  /** Every frame. */
  FULL = "full",
}

/**
 * Typed backend knobs. Each is emitted only when set (or when it has a project default, said below), in
 * the form its variable parses, and only for a revision that reads it: ConvexBackend refuses one its
 * revision does not read. Variables this project does not know go through
 * ConvexBackendProps.unsafeRawEnvironment instead.
 */
export interface BackendKnobs {
  /** ACTIONS_USER_TIMEOUT_SECS: how long an action may run (read until 2026-07-02). @default upstream's (600) */
  readonly actionsUserTimeoutSecs?: number;
  /** V8_ACTION_USER_TIMEOUT_SECS: how long a V8 action may run (read from 2026-07-02). @default upstream's */
  readonly v8ActionUserTimeoutSecs?: number;
  /** NODE_ACTION_USER_TIMEOUT_SECS: how long a Node.js action may run (read from 2026-07-02). @default upstream's (600) */
  readonly nodeActionUserTimeoutSecs?: number;
  /** APPLICATION_MAX_CONCURRENT_QUERIES. @default upstream's (16) */
  readonly applicationMaxConcurrentQueries?: number;
  /** APPLICATION_MAX_CONCURRENT_MUTATIONS. @default upstream's (16) */
  readonly applicationMaxConcurrentMutations?: number;
  /** APPLICATION_MAX_CONCURRENT_V8_ACTIONS. @default upstream's (16 at a9a760ca) */
  readonly applicationMaxConcurrentV8Actions?: number;
  /** APPLICATION_MAX_CONCURRENT_NODE_ACTIONS. @default upstream's (16 at a9a760ca) */
  readonly applicationMaxConcurrentNodeActions?: number;
  /** HTTP_SERVER_TIMEOUT_SECONDS: every HTTP request to the backend ends after this. @default upstream's (300) */
  readonly httpServerTimeoutSeconds?: number;
  /**
   * DOCUMENT_RETENTION_DELAY: how long old document versions are kept. Changing it on a deployment with data
   * can wedge the retention worker (https://github.com/get-convex/convex-backend/issues/358): validate warns.
   * @default 172800 (two days, upstream compose's value; the backend's own is 14 days at 652b828b, the default pin)
   */
  readonly documentRetentionDelay?: number;
  /** INDEX_RETENTION_DELAY: how long old index entries are kept. @default upstream's (240) */
  readonly indexRetentionDelay?: number;
  /** POSTGRES_MAX_CONNECTIONS (read from 2025-06-17). @default upstream's (128) */
  readonly postgresMaxConnections?: number;
  /** MYSQL_MAX_CONNECTIONS. @default upstream's (128) */
  readonly mysqlMaxConnections?: number;
  /** LOG_FORMAT of the backend's log lines. @default upstream's (compact) */
  readonly logFormat?: LogFormat;
  /** NO_COLOR: true stops ANSI colour codes in `docker logs`. @default false (upstream colours its logs) */
  readonly noColor?: boolean;
  /** RUST_BACKTRACE: backtraces on a panic. @default unset (off) */
  readonly rustBacktrace?: RustBacktrace;
  /**
   * DISABLE_METRICS_ENDPOINT (read from 2026-03-05): when false, /metrics is served without authentication
   * on the public backend URL.
   * @default true (upstream compose's value; the backend's own is false)
   */
  readonly disableMetricsEndpoint?: boolean;
}

/** How a variable's text is read, which decides what this project writes. */
export enum KnobForm {
  /** Rust FromStr: a decimal number, or exactly `true` / `false`. */
  FROM_STR = "FromStr",
  /** Only whether the variable is set counts (`std::env::var(..).is_ok()`): emitted as 1 when on, absent when off. */
  PRESENCE = "presence",
  /** Compared with a list of words; anything else silently falls back. */
  WORD = "word",
}

/** One typed knob: its variable, its prop, the values it takes and where upstream reads it. */
export interface KnobSpec {
  /** The environment variable, as upstream spells it: the key in a workspace file's `convex.knobs`. */
  readonly variable: string;
  /** The library's name for it (BackendKnobs). */
  readonly prop: keyof BackendKnobs;
  /** The kind of value it takes. */
  readonly type: KnobType;
  /** How upstream reads the variable's text, which decides what is emitted. */
  readonly form: KnobForm;
  /** The smallest value that keeps the backend working (numbers). @default 0 */
  readonly min?: number;
  /** The accepted words (enums). @default none: not an enum */
  readonly values?: readonly string[];
  /**
   * Upstream's own default at the default pin (DEFAULT_CONVEX_VERSION), as upstream writes it, or `not read`
   * there. It differs between revisions: upstreamDefaultAt gives it at any revision the catalogue holds.
   */
  readonly upstreamDefault: string;
  /** What it does, for messages and docs. */
  readonly meaning: string;
  /** Where upstream reads it: file and line at the revision named. */
  readonly source: string;
}

const ENV_RS = "crates/cmd_util/src/env.rs";
/** u64 / usize parse anything up to 2^64; a JSON number is exact only up to this. */
export const KNOB_NUMBER_MAX = Number.MAX_SAFE_INTEGER;

/**
 * A knob upstream reads with env_config: its default and where it is read come from the catalogue
 * (constructs/domain/upstream-catalogue.ts), at the default pin, or where the pin does not read it, at the
 * newest revision that does.
 */
function fromCatalogue(variable: string): Pick<KnobSpec, "upstreamDefault" | "source"> {
  const atPin = factAt(`backend:${variable}`, DEFAULT_CONVEX_VERSION);
  const changes = factChanges(`backend:${variable}`);
  const last = changes[changes.length - 1];
  const where = atPin?.value ? atPin : { source: last.source, since: last.revision };
  return {
    upstreamDefault: atPin?.value ?? "not read",
    source: `${where.source} at ${where.since.slice(0, 8)}`,
  };
}

const seconds = (variable: string, prop: keyof BackendKnobs, meaning: string): KnobSpec => ({
  variable,
  prop,
  type: KnobType.SECONDS,
  form: KnobForm.FROM_STR,
  min: 1,
  meaning,
  ...fromCatalogue(variable),
});

const count = (variable: string, prop: keyof BackendKnobs, meaning: string): KnobSpec => ({
  variable,
  prop,
  type: KnobType.COUNT,
  form: KnobForm.FROM_STR,
  // 0 would stop every function (or connection) of that kind.
  min: 1,
  meaning,
  ...fromCatalogue(variable),
});

/** The typed knobs, in the order the docs list them. */
export const KNOBS: readonly KnobSpec[] = [
  seconds("ACTIONS_USER_TIMEOUT_SECS", "actionsUserTimeoutSecs", "how long an action may run"),
  seconds("V8_ACTION_USER_TIMEOUT_SECS", "v8ActionUserTimeoutSecs", "how long a V8 action may run"),
  seconds("NODE_ACTION_USER_TIMEOUT_SECS", "nodeActionUserTimeoutSecs", "how long a Node.js action may run"),
  count("APPLICATION_MAX_CONCURRENT_QUERIES", "applicationMaxConcurrentQueries", "queries run at once"),
  count("APPLICATION_MAX_CONCURRENT_MUTATIONS", "applicationMaxConcurrentMutations", "mutations run at once"),
  count(
    "APPLICATION_MAX_CONCURRENT_V8_ACTIONS",
    "applicationMaxConcurrentV8Actions",
    "V8 actions (and HTTP actions) run at once",
  ),
  count(
    "APPLICATION_MAX_CONCURRENT_NODE_ACTIONS",
    "applicationMaxConcurrentNodeActions",
    "Node.js actions run at once",
  ),
  seconds(
    "HTTP_SERVER_TIMEOUT_SECONDS",
    "httpServerTimeoutSeconds",
    "how long one HTTP request to the backend may take",
  ),
  seconds("DOCUMENT_RETENTION_DELAY", "documentRetentionDelay", "how long old versions of documents are kept"),
  seconds("INDEX_RETENTION_DELAY", "indexRetentionDelay", "how long old index entries are kept"),
  count("POSTGRES_MAX_CONNECTIONS", "postgresMaxConnections", "connections to PostgreSQL"),
  count("MYSQL_MAX_CONNECTIONS", "mysqlMaxConnections", "connections to MySQL"),
  {
    variable: "LOG_FORMAT",
    prop: "logFormat",
    type: KnobType.ENUM,
    form: KnobForm.WORD,
    values: Object.values(LogFormat),
    upstreamDefault: "compact",
    meaning: "the form of the backend's log lines",
    source: `${ENV_RS}:96-101 at a9a760ca`,
  },
  {
    variable: "NO_COLOR",
    prop: "noColor",
    type: KnobType.BOOLEAN,
    form: KnobForm.PRESENCE,
    upstreamDefault: "unset (coloured logs)",
    meaning: "no ANSI colour codes in the logs",
    source: `${ENV_RS}:92-95 at a9a760ca (set to anything, even empty, turns colours off)`,
  },
  {
    variable: "RUST_BACKTRACE",
    prop: "rustBacktrace",
    type: KnobType.ENUM,
    form: KnobForm.WORD,
    values: Object.values(RustBacktrace),
    upstreamDefault: "unset (off)",
    meaning: "backtraces on a panic",
    source:
      "Rust's std::panic::get_backtrace_style; self-hosted/docker/docker-compose.yml:39 at a9a760ca passes it through",
  },
  {
    variable: "DISABLE_METRICS_ENDPOINT",
    prop: "disableMetricsEndpoint",
    type: KnobType.BOOLEAN,
    form: KnobForm.FROM_STR,
    meaning: "stop serving /metrics, which is unauthenticated, on the backend URL",
    ...fromCatalogue("DISABLE_METRICS_ENDPOINT"),
  },
];

/**
 * Upstream's own default of a knob at a revision the catalogue holds, as upstream writes it; undefined where
 * that revision does not read it, or the catalogue does not hold it. Knobs upstream does not read with
 * env_config (LOG_FORMAT, NO_COLOR, RUST_BACKTRACE) behave the same at every revision: their upstreamDefault.
 */
export function upstreamDefaultAt(spec: KnobSpec, revision: string): string | undefined {
  if (spec.form !== KnobForm.FROM_STR) return catalogueEntry(revision) ? spec.upstreamDefault : undefined;
  return factAt(`backend:${spec.variable}`, revision)?.value ?? undefined;
}

/**
 * Upstream's own default of a knob over the revisions an image was published for, in words: its value at the
 * first published image and every change after it, each with the revision (and date) that made it, e.g.
 * "16 at 4499dd4f (2025-02-13); 64 from 6e58cce8 (2026-03-27)". Knobs read the same way everywhere: their
 * upstreamDefault.
 */
export function describeUpstreamDefaults(spec: KnobSpec): string {
  if (spec.form !== KnobForm.FROM_STR) return spec.upstreamDefault;
  const first = firstPublishedRelease();
  const named = (value: string | null) => value ?? "not read";
  const dated = (revision: string) => `${revision.slice(0, 8)} (${catalogueEntry(revision)!.date})`;
  const atFirst = factAt(`backend:${spec.variable}`, first.revision)!;
  const later = factChanges(`backend:${spec.variable}`).filter(
    (change) => catalogueEntry(change.revision)!.position > first.position,
  );
  return [
    `${named(atFirst.value)} at ${dated(first.revision)}`,
    ...later.map((change) => `${named(change.value)} from ${dated(change.revision)}`),
  ].join("; ");
}

/** The spec of a knob by its variable name, or undefined. */
export function knobByVariable(variable: string): KnobSpec | undefined {
  return KNOBS.find((knob) => knob.variable === variable);
}

/**
 * The knobs this project sets unless told otherwise: the values upstream's compose file sets
 * (self-hosted/docker/docker-compose.yml:15-18 and 31-32 at 652b828b; a test keeps them equal to the compose
 * file's at the default pin). Without DISABLE_METRICS_ENDPOINT, /metrics is served unauthenticated on the public
 * backend URL; without DOCUMENT_RETENTION_DELAY, weeks of document history are kept (self-hosted databases grow
 * to many GB, https://github.com/get-convex/convex-backend/issues/235); the concurrency limits are 16, as compose
 * runs every self-hosted backend, where the binary's own default for V8 and Node.js actions is 64 from 6e58cce8
 * (crates/common/src/knobs.rs:816, 828 there).
 */
export const DEFAULT_KNOBS: Readonly<BackendKnobs> = {
  applicationMaxConcurrentQueries: 16,
  applicationMaxConcurrentMutations: 16,
  applicationMaxConcurrentV8Actions: 16,
  applicationMaxConcurrentNodeActions: 16,
  disableMetricsEndpoint: true,
  documentRetentionDelay: 172800,
};

/** What is wrong with a value for a knob, in words that fit after the knob's name; undefined when fine. */
export function knobValueProblem(spec: KnobSpec, value: unknown): string | undefined {
  switch (spec.type) {
    case KnobType.SECONDS:
    case KnobType.COUNT: {
      const unit = spec.type === KnobType.SECONDS ? "seconds" : "a count";
      if (typeof value !== "number" || !Number.isInteger(value))
        return `must be a whole number (${unit}), got ${quoted(value)}`;
      if (value < (spec.min ?? 0) || value > KNOB_NUMBER_MAX)
        return `must be between ${spec.min ?? 0} and ${KNOB_NUMBER_MAX} (${unit}), got ${quoted(value)}`;
      return undefined;
    }
    case KnobType.BOOLEAN:
      return typeof value === "boolean" ? undefined : `must be true or false, got ${quoted(value)}`;
    case KnobType.ENUM:
      return typeof value === "string" && spec.values!.includes(value)
        ? undefined
        : `must be one of ${spec.values!.map((v) => JSON.stringify(v)).join(", ")}, got ${quoted(value)}`;
  }
}

/** A knob's value as its variable's text, or undefined where the variable is left out (a presence switch that is off). */
export function knobText(spec: KnobSpec, value: number | boolean | string): string | undefined {
  if (spec.form === KnobForm.PRESENCE) return value === true ? "1" : undefined;
  return String(value);
}
