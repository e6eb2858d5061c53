import type { SecretName } from "../constructs/domain";
import type { WorkspaceFile } from "../vocabulary/workspace-schema";
import { byName, envOf, synth, workspace } from "./helpers/workspaces";

/*
 * Env scoping, written once and checked for every storage strategy x database kind, each behind a front door
 * with basic auth on the dashboard: each container gets exactly the variables it reads, each secret reaches
 * only the container that owns it, the dashboard gets nothing secret, and every switch is the exact word
 * `true` or absent.
 */

type Container = "backend" | "dashboard" | "sync" | "proxy";

/** The one owner of each secret. */
const SECRET_OWNER: Record<SecretName, Container> = {
  instance_secret: "backend",
  storage_access_key_id: "backend",
  storage_secret_access_key: "backend",
  storage_session_token: "backend",
  database_url: "backend",
  sync_access_key_id: "sync",
  sync_secret_access_key: "sync",
  dashboard_password_hash: "proxy",
};

/** Identity and origins, and upstream compose's safe defaults (read by every revision used here). */
const CORE_BACKEND = [
  "INSTANCE_NAME",
  "INSTANCE_SECRET",
  "CONVEX_CLOUD_ORIGIN",
  "CONVEX_SITE_ORIGIN",
  "RUST_LOG",
  "APPLICATION_MAX_CONCURRENT_QUERIES",
  "APPLICATION_MAX_CONCURRENT_MUTATIONS",
  "APPLICATION_MAX_CONCURRENT_V8_ACTIONS",
  "APPLICATION_MAX_CONCURRENT_NODE_ACTIONS",
  "DISABLE_METRICS_ENDPOINT",
  "DOCUMENT_RETENTION_DELAY",
];
/** Reads AWS_S3_DISABLE_RANGE_PREFETCH and starts S3 without static keys (the pinned default does neither). */
const REV_2026_07_18 = "2c2e0f662b0ef02779028c5a8fca2322ae1b4cce";
/** Without every one of these the entrypoint silently falls back to local storage. */
const S3_REQUIRED = [
  "AWS_REGION",
  "S3_STORAGE_EXPORTS_BUCKET",
  "S3_STORAGE_SNAPSHOT_IMPORTS_BUCKET",
  "S3_STORAGE_MODULES_BUCKET",
  "S3_STORAGE_FILES_BUCKET",
  "S3_STORAGE_SEARCH_BUCKET",
];
const STATIC_KEYS = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];
const RCLONE = (...keys: string[]) => keys.map((key) => `RCLONE_CONFIG_TARGET_${key}`);
const FLAGS =
  /^(AWS_S3_\w+|DO_NOT_REQUIRE_SSL|DISABLE_BEACON|REDACT_LOGS_TO_CLIENT|RCLONE_CONFIG_TARGET_(NO_CHECK_BUCKET|FORCE_PATH_STYLE))$/;

interface StorageCase {
  readonly storage: WorkspaceFile["storage"];
  /** A revision that reads everything the case sets. @default the pinned default */
  readonly version?: string;
  readonly backendKeys: readonly string[];
  readonly backendSecrets: readonly SecretName[];
  readonly sidecarKeys?: readonly string[];
}

const STORAGE_CASES: Record<string, StorageCase> = {
  LocalStorage: { storage: { kind: "LocalStorage" }, backendKeys: [], backendSecrets: [] },
  "AwsS3 with terraformVariables and a session token": {
    storage: { kind: "AwsS3", region: "eu-central-1", bucketPrefix: "acme", sessionToken: true },
    backendKeys: [...S3_REQUIRED, ...STATIC_KEYS, "AWS_SESSION_TOKEN"],
    backendSecrets: ["storage_access_key_id", "storage_secret_access_key", "storage_session_token"],
  },
  "AwsS3 on the SDK's default chain with every switch turned": {
    storage: {
      kind: "AwsS3",
      region: "eu-central-1",
      bucketPrefix: "acme",
      credentials: "sdkDefaultChain",
      serverSideEncryption: false,
      checksums: false,
      rangePrefetch: false,
    },
    version: REV_2026_07_18,
    backendKeys: [...S3_REQUIRED, "AWS_S3_DISABLE_SSE", "AWS_S3_DISABLE_CHECKSUMS", "AWS_S3_DISABLE_RANGE_PREFETCH"],
    backendSecrets: [],
  },
  "AwsS3 with a provisioned IAM user": {
    storage: {
      kind: "AwsS3",
      region: "eu-central-1",
      bucketPrefix: "acme",
      provisionBuckets: true,
      credentials: "provisionedIamUser",
    },
    backendKeys: [...S3_REQUIRED, ...STATIC_KEYS],
    backendSecrets: [],
  },
  CephViaGateway: {
    storage: {
      kind: "CephViaGateway",
      endpoint: "https://rgw.example.internal",
      bucketPrefix: "acme",
      provisionBuckets: true,
    },
    backendKeys: [
      ...S3_REQUIRED,
      "S3_ENDPOINT_URL",
      "AWS_S3_FORCE_PATH_STYLE",
      "AWS_S3_DISABLE_SSE",
      "AWS_S3_DISABLE_CHECKSUMS",
      ...STATIC_KEYS,
    ],
    backendSecrets: ["storage_access_key_id", "storage_secret_access_key"],
  },
  // SSE and checksums on are refused for a gateway (rules gateway-sse-off, gateway-checksums-off); AwsS3 above covers them absent.
  "CephViaGateway with range prefetch off": {
    storage: {
      kind: "CephViaGateway",
      endpoint: "https://rgw.example.internal",
      bucketPrefix: "acme",
      rangePrefetch: false,
    },
    version: REV_2026_07_18,
    backendKeys: [
      ...S3_REQUIRED,
      "S3_ENDPOINT_URL",
      "AWS_S3_FORCE_PATH_STYLE",
      "AWS_S3_DISABLE_SSE",
      "AWS_S3_DISABLE_CHECKSUMS",
      "AWS_S3_DISABLE_RANGE_PREFETCH",
      ...STATIC_KEYS,
    ],
    backendSecrets: ["storage_access_key_id", "storage_secret_access_key"],
  },
  "LocalPlusSync to a Ceph gateway": {
    storage: {
      kind: "LocalPlusSync",
      target: { kind: "CephViaGateway", endpoint: "https://rgw.example.internal", bucket: "backups" },
    },
    backendKeys: [],
    backendSecrets: [],
    sidecarKeys: RCLONE(
      "TYPE",
      "PROVIDER",
      "ENDPOINT",
      "REGION",
      "ACCESS_KEY_ID",
      "SECRET_ACCESS_KEY",
      "NO_CHECK_BUCKET",
      "FORCE_PATH_STYLE",
    ),
  },
  "LocalPlusSync to AWS": {
    storage: { kind: "LocalPlusSync", target: { kind: "AwsS3", region: "eu-west-1", bucket: "backups" } },
    backendKeys: [],
    backendSecrets: [],
    sidecarKeys: RCLONE(
      "TYPE",
      "PROVIDER",
      "REGION",
      "ACCESS_KEY_ID",
      "SECRET_ACCESS_KEY",
      "NO_CHECK_BUCKET",
      "SERVER_SIDE_ENCRYPTION",
      "ACL",
    ),
  },
};

const DATABASE_CASES: Record<
  string,
  { readonly database: WorkspaceFile["database"]; readonly backendKeys: readonly string[] }
> = {
  sqlite: { database: { kind: "sqlite" }, backendKeys: [] },
  "postgres without TLS, with a CA file": {
    database: { kind: "postgres", requireSsl: false, caFile: "/etc/ssl/db-ca.pem" },
    backendKeys: ["POSTGRES_URL", "DO_NOT_REQUIRE_SSL", "PG_CA_FILE"],
  },
  mysql: { database: { kind: "mysql" }, backendKeys: ["MYSQL_URL"] },
};

const CASES = Object.entries(STORAGE_CASES).flatMap(([storageName, s]) =>
  Object.entries(DATABASE_CASES).map(([databaseName, d]) => [`${storageName} + ${databaseName}`, s, d] as const),
);

const sorted = (keys: Iterable<string>) => [...new Set(keys)].sort();
/** Names of the Terraform variables a string refers to, also inside expressions (`${join("", [var.x, ...])}`). */
const variablesIn = (text: string) =>
  [...text.matchAll(/\$\{([^}]*)\}/g)].flatMap((m) => [...m[1].matchAll(/\bvar\.(\w+)/g)].map((v) => v[1]));

describe.each(CASES)("%s", (_name, storageCase, databaseCase) => {
  const stack = synth(
    workspace({
      name: "app",
      convex: { instanceSecret: "terraformVariable", disableBeacon: true, version: storageCase.version },
      network: {
        publicUrls: {
          backend: "https://api.app.test",
          site: "https://site.app.test",
          dashboard: "https://dash.app.test",
        },
      },
      proxy: { dashboardAuth: { username: "admin" } },
      storage: storageCase.storage,
      database: databaseCase.database,
    }),
  );
  const containers = byName(stack, "docker_container");
  const env: Partial<Record<Container, Record<string, string>>> = {
    backend: envOf(stack, "convex-app-backend"),
    dashboard: envOf(stack, "convex-app-dashboard"),
    sync: containers["convex-app-sync"] ? envOf(stack, "convex-app-sync") : undefined,
    proxy: envOf(stack, "convex-app-proxy"),
  };

  it("gives each container exactly the variables it reads", () => {
    expect(sorted(Object.keys(env.backend!))).toEqual(
      sorted([...CORE_BACKEND, "DISABLE_BEACON", ...storageCase.backendKeys, ...databaseCase.backendKeys]),
    );
    expect(Object.keys(env.dashboard!)).toEqual(["NEXT_PUBLIC_DEPLOYMENT_URL"]);
    expect(Object.keys(env.proxy!)).toEqual(["CONVEX_DASHBOARD_PASSWORD_HASH"]);
    expect(env.sync && sorted(Object.keys(env.sync))).toEqual(
      storageCase.sidecarKeys && sorted(storageCase.sidecarKeys),
    );
    // The snapshot sidecar (SQLite only) reads no variable at all.
    const snapshots = storageCase.sidecarKeys !== undefined && databaseCase.database?.kind === "sqlite";
    expect(Object.keys(containers).sort()).toEqual([
      "convex-app-backend",
      "convex-app-dashboard",
      "convex-app-proxy",
      ...(snapshots ? ["convex-app-snapshot"] : []),
      ...(storageCase.sidecarKeys ? ["convex-app-sync"] : []),
    ]);
    if (snapshots) expect(containers["convex-app-snapshot"].env).toBeUndefined();
  });

  it("hands each secret to its owner only, and the dashboard no reference at all", () => {
    const database: SecretName[] = databaseCase.database?.kind === "sqlite" ? [] : ["database_url"];
    const expected: Record<Container, SecretName[]> = {
      backend: ["instance_secret", ...storageCase.backendSecrets, ...database],
      dashboard: [],
      sync: storageCase.sidecarKeys ? ["sync_access_key_id", "sync_secret_access_key"] : [],
      proxy: ["dashboard_password_hash"],
    };
    for (const container of ["backend", "dashboard", "sync", "proxy"] as const) {
      const referenced = sorted(Object.values(env[container] ?? {}).flatMap(variablesIn));
      expect({ container, referenced }).toEqual({ container, referenced: sorted(expected[container]) });
      for (const name of referenced) expect(SECRET_OWNER[name as SecretName]).toBe(container);
    }
    expect(Object.values(env.dashboard!).join("\n")).not.toContain("${");
    expect(JSON.stringify(containers["convex-app-snapshot"] ?? {})).not.toContain("${var.");
    // A provisioned key (a resource reference) is a secret too: backend only.
    for (const container of ["dashboard", "sync", "proxy"] as const)
      expect(Object.values(env[container] ?? {}).join("\n")).not.toMatch(/aws_iam_access_key/);
  });

  it("declares exactly the secrets it uses, all sensitive", () => {
    const declared = Object.keys(stack.tf.variable ?? {});
    const { variable: _declarations, ...rest } = stack.tf;
    expect(sorted(declared)).toEqual(sorted(variablesIn(JSON.stringify(rest))));
    for (const name of declared) {
      expect(Object.keys(SECRET_OWNER)).toContain(name);
      expect(stack.tf.variable![name]).toMatchObject({ sensitive: true });
    }
  });

  it("emits every switch as the exact word `true`, never false, 0 or 1", () => {
    for (const values of Object.values(env)) {
      for (const [key, value] of Object.entries(values ?? {})) {
        if (FLAGS.test(key)) expect(`${key}=${value}`).toBe(`${key}=true`);
        expect(["false", "FALSE", "0", "1", "yes", "no", ""]).not.toContain(value);
      }
    }
  });

  if (storageCase.backendKeys.includes("AWS_REGION")) {
    it("emits all six variables S3 mode requires, none empty", () => {
      for (const key of S3_REQUIRED) expect(env.backend![key]).toMatch(/\S/);
    });
  }
});
