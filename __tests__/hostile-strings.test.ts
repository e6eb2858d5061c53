import { expect } from "@jest/globals";
import { parseWorkspace } from "../config/load";
import type { Finding } from "../vocabulary/findings";
import { DEFAULT_CONVEX_VERSION } from "../constructs/domain/defaults";
import { type StringField, stringFieldsOfSchema } from "./helpers/schema-strings";
import { synth } from "./helpers/workspaces";
import { prng } from "./helpers/prng";

/*
 * Every string field of the workspace schema, found by walking the schema (a field added later is swept
 * too), given hostile values: Terraform template sequences, secrets in every position, control and
 * invisible characters, huge values. Each must be refused at its field, and no message may repeat it.
 * What the file's own checks accept must stay inert: no Terraform interpolation the stack did not write.
 */

const BUCKETS = {
  exports: "hostile-exports",
  snapshotImports: "hostile-imports",
  modules: "hostile-modules",
  files: "hostile-files",
  search: "hostile-search",
};
const GATEWAY = "https://rgw.example.internal";

/** Valid workspaces that together hold every string field of the schema (a test below checks that). */
const SEEDS: readonly Record<string, unknown>[] = [
  {
    $schema: "https://example.com/workspace.schema.json",
    name: "hostile",
    convex: {
      version: DEFAULT_CONVEX_VERSION,
      dashboardVersion: DEFAULT_CONVEX_VERSION,
      instanceName: "convex-hostile",
      rustLog: "info,common=debug",
    },
    docker: { host: "ssh://deploy@build-host:22" },
    network: {
      bindAddress: "127.0.0.1",
      publicUrls: {
        backend: "https://api.example.com",
        site: "https://site.example.com",
        dashboard: "https://dash.example.com",
      },
    },
  },
  {
    name: "hostile",
    network: {
      coder: {
        accessDomain: "coder.example.com",
        agent: "main",
        workspace: "ws",
        owner: "alice",
        apps: { backend: "convex-api", site: "convex-site", dashboard: "convex-dashboard" },
      },
    },
  },
  {
    name: "hostile",
    network: {
      publicUrls: {
        backend: "https://api.example.com",
        site: "https://site.example.com",
        dashboard: "https://dash.example.com",
      },
    },
    proxy: {
      acme: {
        email: "ops@example.com",
        directory: "https://ca.example.internal/acme/directory",
        caRootFile: "/etc/ssl/private-ca/root.pem",
      },
      bindAddress: "0.0.0.0",
      dashboardAuth: { username: "admin" },
    },
  },
  { name: "hostile", storage: { kind: "AwsS3", region: "eu-central-1", buckets: BUCKETS } },
  { name: "hostile", storage: { kind: "AwsS3", region: "eu-central-1", bucketPrefix: "hostile-convex" } },
  { name: "hostile", storage: { kind: "CephViaGateway", endpoint: GATEWAY, region: "us-east-1", buckets: BUCKETS } },
  { name: "hostile", storage: { kind: "CephViaGateway", endpoint: GATEWAY, bucketPrefix: "hostile-convex" } },
  {
    name: "hostile",
    storage: {
      kind: "LocalPlusSync",
      target: {
        kind: "CephViaGateway",
        endpoint: GATEWAY,
        region: "us-east-1",
        bucket: "hostile-backups",
        prefix: "hostile/storage",
      },
    },
  },
  { name: "hostile", database: { kind: "postgres", host: "db.example.internal", caFile: "/etc/ssl/certs/db-ca.pem" } },
  { name: "hostile", database: { kind: "mysql", host: "db.example.internal", caFile: "/etc/ssl/certs/db-ca.pem" } },
  {
    name: "hostile",
    state: {
      backend: "s3",
      bucket: "hostile-state",
      region: "us-east-1",
      endpoint: GATEWAY,
      keyPrefix: "convex-stack/team",
    },
  },
];

const FIELDS = stringFieldsOfSchema();
const label = (field: StringField) =>
  field.path.join(".") +
  Object.entries(field.choices)
    .map(([k, v]) => ` (${k}: ${v})`)
    .join("");

function valueAt(object: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>(
    (value, key) => (value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined),
    object,
  );
}

/** The string at `path` in the seed, or "x" where it has none. */
function textAt(object: unknown, path: readonly string[]): string {
  const value = valueAt(object, path);
  return typeof value === "string" ? value : "x";
}

function matchesChoices(seed: unknown, field: StringField): boolean {
  return Object.entries(field.choices).every(([path, value]) => valueAt(seed, path.split(".")) === value);
}

/** A seed holding the field (else one holding its parent object), with the union choices the field lives under. */
function seedFor(field: StringField): Record<string, unknown> | undefined {
  const candidates = SEEDS.filter((seed) => matchesChoices(seed, field));
  const parent = field.path.slice(0, -1);
  return (
    candidates.find((seed) => typeof valueAt(seed, field.path) === "string") ??
    candidates.find(
      (seed) => parent.length === 0 || (typeof valueAt(seed, parent) === "object" && valueAt(seed, parent) !== null),
    )
  );
}

/** The seed with `value` at the field's path. */
function withValue(field: StringField, value: string): Record<string, unknown> {
  const copy = structuredClone(seedFor(field)!);
  const parent = valueAt(copy, field.path.slice(0, -1)) as Record<string, unknown>;
  parent[field.path[field.path.length - 1]] = value;
  return copy;
}

const problemsOf = (file: unknown, env: NodeJS.ProcessEnv = {}): Finding[] =>
  parseWorkspace("hostile.json", JSON.stringify(file), env).findings;

const TEMPLATES = [
  '${file("/etc/passwd")}',
  "${nonsensitive(var.database_url)}",
  "%{ if true }x%{ endif }",
  "${path.cwd}",
  "$${escaped}",
  "%{for k in []}%{endfor}",
];
const SECRETS = [
  "AKIAIOSFODNN7EXAMPLE",
  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "h8Bq2Xk0vTz9LmN4pR7sW1yC3dF6gJ5aE+uYo0iQ",
  "4361b2a3c0f9c1b0a5e06d8d6c1f0e2a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e",
  "postgres://convex:hunter2hunter2@db.example.com",
  "-----BEGIN PRIVATE KEY-----",
  `convex-a|01${"ab".repeat(40)}`,
];
const CONTROL = [
  "\u0000",
  "\u0007",
  "\u001b[31m",
  "\n",
  "\u007f",
  "\u0085",
  "\u200b",
  "\u202e",
  "\u2066",
  "\ufeff",
  "\ud800",
];

/** Where a secret sits: alone, or after a delimiter any URL, host, path or query may hold. */
const SECRET_POSITIONS: readonly ((value: string, secret: string) => string)[] = [
  (_v, s) => s,
  (v, s) => `${v}/${s}`,
  (v, s) => `${v}/${s}/more`,
  (v, s) => `${v}?key=${s}&x=1`,
  (v, s) => `${v}=${s}`,
  (v, s) => `ssh://${s}@${v}`,
  (v, s) => `${s}.${v}`,
  (v, s) => `${v}:${s}`,
  (v, s) => `${v},${s}`,
];

interface HostileCase {
  readonly field: StringField;
  readonly value: string;
  /** The part no message may repeat. */
  readonly core: string;
}

function hostileCases(): HostileCase[] {
  const random = prng(0x11);
  const cases: HostileCase[] = [];
  for (const field of FIELDS) {
    const seed = seedFor(field);
    if (!seed) continue; // the coverage test below fails instead
    const original = textAt(seed, field.path);
    const at = (core: string) => {
      const i = Math.floor(random() * (original.length + 1));
      return original.slice(0, i) + core + original.slice(i);
    };
    for (const template of TEMPLATES)
      cases.push({ field, value: at(template), core: template }, { field, value: template, core: template });
    for (const secret of SECRETS)
      for (const position of SECRET_POSITIONS) cases.push({ field, value: position(original, secret), core: secret });
    for (const control of CONTROL) cases.push({ field, value: at(control), core: control });
    const huge = "a".repeat(3000 + Math.floor(random() * 100_000));
    cases.push({ field, value: `${original}${huge}`, core: huge.slice(0, 200) });
  }
  return cases;
}

describe("hostile values in every string field of the schema", () => {
  it("sweeps the fields found by walking the schema, each held by a valid seed", () => {
    // The walk sees the fields the issue names, so it sees the schema at all.
    const paths = FIELDS.map((field) => field.path.join("."));
    for (const path of [
      "name",
      "docker.host",
      "network.publicUrls.backend",
      "network.coder.owner",
      "storage.endpoint",
      "storage.target.prefix",
      "database.caFile",
      "$schema",
    ]) {
      expect(paths).toContain(path);
    }
    for (const field of FIELDS) expect([label(field), seedFor(field) !== undefined]).toEqual([label(field), true]);
    for (const seed of SEEDS) expect(problemsOf(seed)).toEqual([]);
  });

  const cases = hostileCases();

  it(`refuses each of ${cases.length} hostile values at its field and never repeats it`, () => {
    const failures: string[] = [];
    for (const { field, value, core } of cases) {
      const problems = problemsOf(withValue(field, value));
      const path = field.path.join(".");
      const shown = JSON.stringify(value).slice(0, 120);
      if (!problems.some((p) => p.path === path))
        failures.push(`${label(field)} = ${shown}: no problem at ${path} (${JSON.stringify(problems).slice(0, 200)})`);
      const echo = problems.find((p) => `${p.path} ${p.info} ${p.fix}`.includes(core));
      if (echo) failures.push(`${label(field)} = ${shown}: echoed in ${JSON.stringify(echo).slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  });

  it("says what was found without quoting it: a template sequence is named as one", () => {
    const problems = problemsOf({
      name: "a",
      network: {
        publicUrls: {
          backend: "https://api.example.com/${nonsensitive(var.database_url)}",
          site: "https://s.example.com",
          dashboard: "https://d.example.com",
        },
      },
    });
    expect(problems).toEqual([
      {
        rule: "inert-text",
        file: "hostile.json",
        path: "network.publicUrls.backend",
        level: "error",
        info: expect.stringContaining(
          'holds a Terraform template sequence ("${" or "%{"), which Terraform evaluates in every string of cdk.tf.json',
        ),
        fix: "write the value itself, in plain text",
      },
    ]);
    expect(`${problems[0].info} ${problems[0].fix}`).not.toContain("nonsensitive(var");
  });

  it("checks keys too: a hostile key is refused and shown only as (a key)", () => {
    for (const key of ['${file("/etc/passwd")}', "x\u202ey", "AKIAIOSFODNN7EXAMPLE"]) {
      const problems = problemsOf({ name: "a", network: { [key]: 1 } });
      expect(problems.map((p) => p.path)).toContain("network.(a key)");
      for (const p of problems) expect(`${p.path} ${p.info} ${p.fix}`).not.toContain(key);
    }
  });

  it("keeps what it accepts inert: no field adds a Terraform interpolation to the synthesized stack", () => {
    // Where Terraform would start evaluating: "${" and "%{" not escaped as "$${" and "%%{".
    const interpolations = (json: string) => (json.match(/(?<![$%])[$%]\{/g) ?? []).length;
    const odd = ["$(id)", "`id`", "'; rm -rf / #", '"quoted"', "a b", "$HOME", "\\x41", "100%", "{}", "$", "%"];
    for (const field of FIELDS) {
      const seed = seedFor(field)!;
      const baseline = interpolations(synth(parseWorkspace("seed.json", JSON.stringify(seed), {}).workspace!).json);
      for (const value of odd.map((o) => `${textAt(seed, field.path)}${o}`)) {
        const parsed = parseWorkspace("hostile.json", JSON.stringify(withValue(field, value)), {});
        if (!parsed.workspace) continue;
        expect([label(field), value, interpolations(synth(parsed.workspace).json)]).toEqual([
          label(field),
          value,
          baseline,
        ]);
      }
    }
  });
});
