import type { Blob, UpstreamCheckout } from "./checkout";
import { envConfigDefault, lineOfMatch } from "./rust-default";

/*
 * What the catalogue reads at each revision, from the files upstream reads it in (paths are upstream's). A
 * fact is a value and where it shows (`path:line` at that revision); a fact that is absent is not there at
 * that revision (a variable not read, no SQLite persistence yet). A variable upstream starts reading in
 * another file shows here as no longer read: the review of a regenerated catalogue catches it, and the file
 * is added below.
 */

export interface Fact {
  readonly value: string;
  readonly source: string;
}

/** Facts by key: `backend:<VAR>`, `entrypoint:<...>`, `compose:<...>`, `dashboard:<VAR>`, `database-version`, `journal-mode`, ... */
export type Facts = ReadonlyMap<string, Fact>;

const KNOBS_RS = "crates/common/src/knobs.rs";
const ENV_RS = "crates/cmd_util/src/env.rs";
const AWS_UTILS = "crates/aws_utils/src/lib.rs";
const HTTP_MOD = "crates/common/src/http/mod.rs";
const RUN_BACKEND = "self-hosted/docker-build/run_backend.sh";
const COMPOSE = "self-hosted/docker/docker-compose.yml";
const SQLITE = "crates/sqlite/src/lib.rs";
const MIGRATIONS_MODEL = "crates/migrations_model/src/lib.rs";
const MODEL_MIGRATIONS = "crates/model/src/migrations.rs";
const POSTGRES = "crates/postgres/src/lib.rs";
const MYSQL_FILES = ["crates/mysql/src/connection.rs", "crates/mysql/src/lib.rs"];

/** Knobs read with env_config in knobs.rs: the fact's value is the default. */
const ENV_CONFIG_KNOBS = [
  "ACTIONS_USER_TIMEOUT_SECS",
  "V8_ACTION_USER_TIMEOUT_SECS",
  "NODE_ACTION_USER_TIMEOUT_SECS",
  "APPLICATION_MAX_CONCURRENT_QUERIES",
  "APPLICATION_MAX_CONCURRENT_MUTATIONS",
  "APPLICATION_MAX_CONCURRENT_V8_ACTIONS",
  "APPLICATION_MAX_CONCURRENT_NODE_ACTIONS",
  "HTTP_SERVER_TIMEOUT_SECONDS",
  "DOCUMENT_RETENTION_DELAY",
  "INDEX_RETENTION_DELAY",
  "POSTGRES_MAX_CONNECTIONS",
  "MYSQL_MAX_CONNECTIONS",
  "DISABLE_METRICS_ENDPOINT",
] as const;

/** Variables read elsewhere by the backend binary: where, and the text that shows the read. */
const BINARY_READS: readonly { variable: string; files: readonly string[]; pattern: RegExp }[] = [
  { variable: "LOG_FORMAT", files: [ENV_RS], pattern: /"LOG_FORMAT"/ },
  { variable: "NO_COLOR", files: [ENV_RS], pattern: /"NO_COLOR"/ },
  // tracing_subscriber's EnvFilter::from_default_env / try_from_default_env reads RUST_LOG.
  { variable: "RUST_LOG", files: [ENV_RS], pattern: /from_default_env/ },
  { variable: "AWS_REGION", files: [AWS_UTILS], pattern: /"AWS_REGION"/ },
  { variable: "S3_ENDPOINT_URL", files: [AWS_UTILS], pattern: /"S3_ENDPOINT_URL"/ },
  { variable: "AWS_S3_FORCE_PATH_STYLE", files: [AWS_UTILS], pattern: /"AWS_S3_FORCE_PATH_STYLE"/ },
  { variable: "AWS_S3_DISABLE_SSE", files: [AWS_UTILS], pattern: /"AWS_S3_DISABLE_SSE"/ },
  { variable: "AWS_S3_DISABLE_CHECKSUMS", files: [AWS_UTILS], pattern: /"AWS_S3_DISABLE_CHECKSUMS"/ },
  { variable: "AWS_S3_DISABLE_RANGE_PREFETCH", files: [AWS_UTILS], pattern: /"AWS_S3_DISABLE_RANGE_PREFETCH"/ },
  { variable: "PG_CA_FILE", files: [POSTGRES], pattern: /"PG_CA_FILE"/ },
  { variable: "MYSQL_CA_FILE", files: MYSQL_FILES, pattern: /"MYSQL_CA_FILE"/ },
];

/** Variables the entrypoint reads (`$VAR` or `${VAR...}`); presence flags are recognised by `${VAR:+--flag}`. */
const ENTRYPOINT_VARIABLES = [
  "INSTANCE_NAME",
  "INSTANCE_SECRET",
  "CONVEX_CLOUD_ORIGIN",
  "CONVEX_SITE_ORIGIN",
  "POSTGRES_URL",
  "MYSQL_URL",
  "DATABASE_URL",
  "DISABLE_BEACON",
  "REDACT_LOGS_TO_CLIENT",
  "DO_NOT_REQUIRE_SSL",
] as const;

/** Where the dashboard's code is: the self-hosted app and the shared package it is built with. */
const DASHBOARD_FOLDERS = ["npm-packages/dashboard-self-hosted", "npm-packages/dashboard-common/src"];
/** Files that are not part of what the dashboard runs: tests, stories, mocks. */
const NOT_DASHBOARD_CODE = /(\.test\.|\.stories\.|[Mm]ock|\/node_modules\/)/;
const DASHBOARD_READ = /process\.env\.(NEXT_PUBLIC_[A-Z0-9_]+)/g;

/** Every file a revision's facts are read from (the dashboard's are listed per revision). */
const FILES = [
  KNOBS_RS,
  ENV_RS,
  AWS_UTILS,
  HTTP_MOD,
  RUN_BACKEND,
  COMPOSE,
  SQLITE,
  MIGRATIONS_MODEL,
  MODEL_MIGRATIONS,
  POSTGRES,
  ...MYSQL_FILES,
];

const at = (path: string, line: number | undefined): string => `${path}:${line}`;

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function binaryFacts(files: Map<string, Blob | undefined>, facts: Map<string, Fact>): void {
  const knobs = files.get(KNOBS_RS)?.text;
  if (knobs !== undefined) {
    for (const variable of ENV_CONFIG_KNOBS) {
      const found = envConfigDefault(knobs, variable);
      if (found) facts.set(`backend:${variable}`, { value: found.value, source: at(KNOBS_RS, found.line) });
    }
  }
  for (const { variable, files: paths, pattern } of BINARY_READS) {
    for (const path of paths) {
      const text = files.get(path)?.text;
      const line = text === undefined ? undefined : lineOfMatch(text, pattern);
      if (line !== undefined) {
        facts.set(`backend:${variable}`, { value: "read", source: at(path, line) });
        break;
      }
    }
  }
  const http = files.get(HTTP_MOD)?.text;
  const route = http === undefined ? undefined : lineOfMatch(http, /\.route\(\s*"\/version"/);
  if (route !== undefined) facts.set("backend:GET /version", { value: "served", source: at(HTTP_MOD, route) });
}

function entrypointFacts(text: string, facts: Map<string, Fact>): void {
  for (const variable of ENTRYPOINT_VARIABLES) {
    const flag = new RegExp(`\\$\\{${variable}:\\+(--[a-z-]+)\\}`).exec(text);
    if (flag) {
      facts.set(`entrypoint:${variable}`, {
        value: `presence flag ${flag[1]}`,
        source: at(RUN_BACKEND, lineOf(text, flag.index)),
      });
      continue;
    }
    const line = lineOfMatch(text, new RegExp(`\\$\\{?${variable}\\b`));
    if (line !== undefined) facts.set(`entrypoint:${variable}`, { value: "read", source: at(RUN_BACKEND, line) });
  }
  // What the entrypoint needs before it starts with S3: `[ -z "$VAR" ] && MISSING_VARS+=("VAR")` lines.
  const required = [...text.matchAll(/\[ -z "\$([A-Z0-9_]+)" \] && MISSING_VARS\+=/g)];
  if (required.length > 0) {
    const first = lineOf(text, required[0].index);
    const last = lineOf(text, required[required.length - 1].index);
    facts.set("entrypoint:s3-requires", {
      value: required.map((m) => m[1]).join(" "),
      source: `${RUN_BACKEND}:${first}-${last}`,
    });
  }
  for (const [key, pattern] of [
    ["api-port", /--port (\d+)/],
    ["site-port", /--site-proxy-port (\d+)/],
    ["data-dir", /DATA_DIR=\$\{DATA_DIR:-([^}]+)\}/],
  ] as const) {
    const match = pattern.exec(text);
    if (match) facts.set(`entrypoint:${key}`, { value: match[1], source: at(RUN_BACKEND, lineOf(text, match.index)) });
  }
}

/** What one `environment:` entry of the compose file gives the container. */
function composeValue(entry: string | undefined, variable: string): string {
  if (entry === undefined) return "passed through when set";
  const text = entry.replace(/\s+#.*$/, "").trim();
  const substituted = new RegExp(`^\\$\\{${variable}:-(.*)\\}$`).exec(text);
  if (!substituted) return text;
  return substituted[1] === "" ? "empty unless set" : `${substituted[1]} unless set`;
}

/**
 * Upstream's compose file, per service: healthcheck, stop and restart settings, and what each
 * `environment:` entry gives the container (keys `compose:<service> <setting or VARIABLE>`).
 */
function composeFacts(text: string, facts: Map<string, Fact>): void {
  const services = [...text.matchAll(/^ {2}([a-z]+):\s*$/gm)].map((m) => ({ name: m[1], start: m.index }));
  services.forEach(({ name, start }, i) => {
    if (name !== "backend" && name !== "dashboard") return;
    const end = services[i + 1]?.start ?? text.search(/^volumes:/m);
    const body = text.slice(start, end > start ? end : undefined);
    const fact = (key: string, pattern: RegExp) => {
      const match = pattern.exec(body);
      if (match?.indices?.[1])
        facts.set(`compose:${name} ${key}`, {
          value: match[1].trim(),
          source: at(COMPOSE, lineOf(text, start + match.indices[1][0])),
        });
    };
    fact("healthcheck", /healthcheck:\s*\n\s*test: ([^\n]+)/d);
    fact("healthcheck interval", /healthcheck:[\s\S]*?interval: ([^\n]+)/d);
    fact("healthcheck start_period", /healthcheck:[\s\S]*?start_period: ([^\n]+)/d);
    fact("stop_signal", /stop_signal: ([^\n]+)/d);
    fact("stop_grace_period", /stop_grace_period: ([^\n]+)/d);
    fact("restart", /restart: ([^\n]+)/d);
    fact("depends_on", /depends_on:\s*\n\s*backend:\s*\n\s*condition: ([^\n]+)/d);
    for (const entry of body.matchAll(/^\s+- ([A-Z][A-Z0-9_]*)(?:=([^\n]*))?$/gm)) {
      facts.set(`compose:${name} ${entry[1]}`, {
        value: composeValue(entry[2], entry[1]),
        source: at(COMPOSE, lineOf(text, start + entry.index)),
      });
    }
  });
}

function databaseFacts(files: Map<string, Blob | undefined>, facts: Map<string, Fact>): void {
  for (const path of [MIGRATIONS_MODEL, MODEL_MIGRATIONS]) {
    const text = files.get(path)?.text;
    const match = text === undefined ? null : /pub const DATABASE_VERSION: \w+ = (\d+);/.exec(text);
    if (text !== undefined && match) {
      facts.set("database-version", { value: match[1], source: at(path, lineOf(text, match.index)) });
      break;
    }
  }
  const sqlite = files.get(SQLITE)?.text;
  if (sqlite !== undefined) {
    // A `journal_mode` pragma would set the mode; without one SQLite keeps its default rollback journal,
    // `delete` (https://www.sqlite.org/pragma.html#pragma_journal_mode), where the connection is opened.
    const pragma = /journal_mode\s*=\s*'?"?(\w+)/i.exec(sqlite);
    const open = /Connection::open/.exec(sqlite);
    if (pragma)
      facts.set("journal-mode", { value: pragma[1].toLowerCase(), source: at(SQLITE, lineOf(sqlite, pragma.index)) });
    else if (open) facts.set("journal-mode", { value: "delete", source: at(SQLITE, lineOf(sqlite, open.index)) });
  }
}

function dashboardFacts(checkout: UpstreamCheckout, folders: readonly (string | undefined)[]): Map<string, Fact> {
  const facts = new Map<string, Fact>();
  const files = DASHBOARD_FOLDERS.flatMap((folder, i) =>
    folders[i] === undefined
      ? []
      : checkout.tree(folders[i]).map(({ path, oid }) => ({ path: `${folder}/${path}`, oid })),
  )
    .filter(({ path }) => /\.(tsx?|jsx?|mjs)$/.test(path) && !NOT_DASHBOARD_CODE.test(path))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const texts = checkout.blobs(files.map((file) => file.oid));
  for (const { path, oid } of files) {
    const text = texts.get(oid)!;
    for (const match of text.matchAll(DASHBOARD_READ)) {
      const key = `dashboard:${match[1]}`;
      if (!facts.has(key)) facts.set(key, { value: "read", source: at(path, lineOf(text, match.index)) });
    }
  }
  return facts;
}

/** The paths whose history can change a fact: the files, and the dashboard's folders. */
export const FACT_FILES: readonly string[] = FILES;
export { DASHBOARD_FOLDERS };
/** A change to a dashboard file changes a fact only where it adds or removes a line that matches this. */
export const DASHBOARD_READ_LINE = "process\\.env\\.NEXT_PUBLIC_";

/**
 * Reads facts at revisions: the files of many revisions in one batch, each content parsed once (most
 * revisions share every file with another).
 */
export class FactReader {
  private readonly byContent = new Map<string, Map<string, Fact>>();

  constructor(private readonly checkout: UpstreamCheckout) {}

  /** The facts read from FILES at each revision. */
  fileFactsAt(revisions: readonly string[]): Map<string, Facts> {
    const objects = this.checkout.objects(revisions.flatMap((revision) => FILES.map((path) => `${revision}:${path}`)));
    const oids = objects.map((o) => (o?.type === "blob" ? o.oid : undefined));
    const texts = this.checkout.blobs(oids.filter((oid): oid is string => oid !== undefined));
    const result = new Map<string, Facts>();
    revisions.forEach((revision, r) => {
      const own = oids.slice(r * FILES.length, (r + 1) * FILES.length);
      const key = own.join(" ");
      let facts = this.byContent.get(key);
      if (!facts) {
        const files = new Map(
          FILES.map((path, i) => [path, own[i] ? { oid: own[i], text: texts.get(own[i])! } : undefined]),
        );
        facts = new Map<string, Fact>();
        binaryFacts(files, facts);
        const entrypoint = files.get(RUN_BACKEND)?.text;
        if (entrypoint !== undefined) entrypointFacts(entrypoint, facts);
        const compose = files.get(COMPOSE)?.text;
        if (compose !== undefined) composeFacts(compose, facts);
        databaseFacts(files, facts);
        this.byContent.set(key, facts);
      }
      result.set(revision, facts);
    });
    return result;
  }

  /** The NEXT_PUBLIC_ variables the dashboard's code reads at a revision. */
  dashboardFactsAt(revision: string): Facts {
    const trees = this.checkout
      .objects(DASHBOARD_FOLDERS.map((folder) => `${revision}:${folder}`))
      .map((o) => (o?.type === "tree" ? o.oid : undefined));
    return dashboardFacts(this.checkout, trees);
  }
}
