import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { ConvexDeployment } from "../constructs/convex-deployment";
import { Database } from "../constructs/database";
import { LogFormat, RustBacktrace } from "../constructs/domain";
import { AwsS3 } from "../constructs/storage/aws-s3";
import { CephViaGateway } from "../constructs/storage/ceph-via-gateway";
import { byName, envOf, type SynthesizedJson, type SynthesizedStack } from "./helpers/workspaces";
import { REDIRECTING_VARIABLES, redirectingVariable } from "../constructs/domain/redirecting-variables";

/* The library's ConvexBackend environment: typed knobs, the escape hatch, and what a revision would ignore. */

const urls = {
  backend: "https://api.example.com",
  site: "https://site.example.com",
  dashboard: "https://dash.example.com",
};
const buckets = {
  exports: "a-exports",
  snapshotImports: "a-snapshot-imports",
  modules: "a-modules",
  files: "a-files",
  search: "a-search",
};
const REV_2025_09_12 = "4d3b0a5de955a258e70e3813bbff486051d88820";
/** The previous default pin: it reads ACTIONS_USER_TIMEOUT_SECS, its entrypoint needs static keys for S3. */
const A9A760CA = "a9a760ca10399ed42e1b4bb87c78539a235488c7";
const REV_2026_04_09 = "ca1f91cde3a0ea21ec2dfe4879f8999aab24e5b6";
const REV_2026_07_18 = "2c2e0f662b0ef02779028c5a8fca2322ae1b4cce";
const UNKNOWN_REV = "0123456789abcdef0123456789abcdef01234567";

type Props = Omit<ConstructorParameters<typeof ConvexDeployment>[2], "workspaceName" | "urls">;

function deploy(props: Props = {}): SynthesizedStack {
  const stack = new TerraformStack(Testing.app(), "s");
  new ConvexDeployment(stack, "c", { workspaceName: "x", urls, ...props });
  const json = Testing.synth(stack);
  return { json, tf: JSON.parse(json) as SynthesizedJson };
}

/** Props whose construction needs a stack (secret references) are built by `make`. */
function deployWith(make: (stack: TerraformStack) => Props): () => void {
  return () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new ConvexDeployment(stack, "c", { workspaceName: "x", urls, ...make(stack) });
  };
}

const keys = (stack: TerraformStack) => ({
  accessKeyId: new TerraformVariable(stack, "id", { sensitive: true }).stringValue,
  secretAccessKey: new TerraformVariable(stack, "secret", { sensitive: true }).stringValue,
});

describe("typed knobs", () => {
  it("emits each knob in the form it parses, over upstream compose's safe defaults", () => {
    const env = envOf(
      deploy({
        version: A9A760CA,
        knobs: {
          actionsUserTimeoutSecs: 900,
          applicationMaxConcurrentQueries: 32,
          logFormat: LogFormat.JSON,
          noColor: true,
          rustBacktrace: RustBacktrace.FULL,
          disableMetricsEndpoint: false,
        },
      }),
      "convex-x-backend",
    );
    expect(env).toMatchObject({
      ACTIONS_USER_TIMEOUT_SECS: "900",
      APPLICATION_MAX_CONCURRENT_QUERIES: "32",
      LOG_FORMAT: "json",
      NO_COLOR: "1",
      RUST_BACKTRACE: "full",
      DISABLE_METRICS_ENDPOINT: "false",
      DOCUMENT_RETENTION_DELAY: "172800",
    });
  });

  it("refuses a knob the revision does not read, naming the prop and the revisions that do", () => {
    expect(() => deploy({ version: A9A760CA, knobs: { v8ActionUserTimeoutSecs: 900 } })).toThrow(
      /knobs\.v8ActionUserTimeoutSecs \(V8_ACTION_USER_TIMEOUT_SECS\): a9a760ca \(2026-03-24\) does not read V8_ACTION_USER_TIMEOUT_SECS.*from a461fb80 \(2026-07-02\) on/,
    );
    expect(() => deploy({ version: REV_2026_07_18, knobs: { actionsUserTimeoutSecs: 900 } })).toThrow(
      /replaced it with V8_ACTION_USER_TIMEOUT_SECS and NODE_ACTION_USER_TIMEOUT_SECS/,
    );
    expect(() => deploy({ version: UNKNOWN_REV, knobs: { logFormat: LogFormat.JSON } })).toThrow(
      /knobs\.logFormat \(LOG_FORMAT\): whether revision "0123456789abcdef0123456789abcdef01234567" reads LOG_FORMAT is unknown/,
    );
  });

  it("refuses a value the knob does not take", () => {
    expect(() => deploy({ knobs: { httpServerTimeoutSeconds: 1.5 } })).toThrow(
      /knobs: httpServerTimeoutSeconds \(HTTP_SERVER_TIMEOUT_SECONDS\) must be a whole number \(seconds\), got 1.5/,
    );
    expect(() => deploy({ knobs: { applicationMaxConcurrentMutations: 0 } })).toThrow(/must be between 1 and/);
    expect(() => deploy({ knobs: { logFormat: "xml" as LogFormat } })).toThrow(
      /logFormat \(LOG_FORMAT\) must be one of "json", "compact", "pretty", got "xml"/,
    );
  });

  it("leaves out a default the revision does not read", () => {
    expect(envOf(deploy({ version: REV_2025_09_12 }), "convex-x-backend")).not.toHaveProperty(
      "DISABLE_METRICS_ENDPOINT",
    );
  });
});

describe("unsafeRawEnvironment, the escape hatch", () => {
  it("passes a variable this project does not know, as given", () => {
    expect(
      envOf(deploy({ unsafeRawEnvironment: { ISOLATE_MAX_USER_HEAP_SIZE: "134217728" } }), "convex-x-backend")
        .ISOLATE_MAX_USER_HEAP_SIZE,
    ).toBe("134217728");
  });

  it.each([
    ["a typed knob", { LOG_FORMAT: "json" }, /unsafeRawEnvironment\.LOG_FORMAT: is a typed knob; use knobs\.logFormat/],
    [
      "a variable the storage props set",
      { AWS_ACCESS_KEY_ID: "x" },
      /unsafeRawEnvironment\.AWS_ACCESS_KEY_ID: is set by this library from its typed props/,
    ],
    [
      "the database URL, which would move the data past the volume's fingerprint",
      { POSTGRES_URL: "postgres://u@h" },
      /unsafeRawEnvironment\.POSTGRES_URL: is set by this library/,
    ],
    ["an origin", { CONVEX_CLOUD_ORIGIN: "https://other.example.com" }, /unsafeRawEnvironment\.CONVEX_CLOUD_ORIGIN/],
    [
      "the range-prefetch switch the revision table tracks",
      { AWS_S3_DISABLE_RANGE_PREFETCH: "true" },
      /unsafeRawEnvironment\.AWS_S3_DISABLE_RANGE_PREFETCH: is set by this library/,
    ],
    ["an empty value", { SOME_FLAG: "" }, /unsafeRawEnvironment\.SOME_FLAG: must be a non-empty string/],
    ["a name that is no variable", { "A-B": "1" }, /unsafeRawEnvironment\.A-B: not an environment variable name/],
  ])("refuses %s", (_title, raw, message) => {
    expect(() => deploy({ unsafeRawEnvironment: raw })).toThrow(message);
  });
});

describe("unsafeRawEnvironment refuses what would move the data, the credentials or the process", () => {
  // Each variable (and for a family, some of its names), what it would redirect, and what to use instead.
  const REFUSED: [string, string, RegExp][] = [
    ["DATA_DIR", "storage", /use the data volume \(ConvexDataVolume/],
    ["STORAGE_DIR", "storage", /use the data volume/],
    ["SQLITE_DB", "storage", /use the data volume/],
    ["TMPDIR", "storage", /use the data volume/],
    ["CREDENTIALS_DIR", "storage", /use instanceSecret/],
    ["AWS_ENDPOINT_URL", "storage", /use the storage strategy's endpoint \(CephViaGatewayProps\.endpoint/],
    ["AWS_ENDPOINT_URL_S3", "storage", /use the storage strategy's endpoint/],
    ["AWS_ENDPOINT_URL_STS", "storage", /use the storage strategy's endpoint/],
    ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "storage", /use the storage strategy's endpoint/],
    ["AWS_USE_FIPS_ENDPOINT", "storage", /use the storage strategy's endpoint and region/],
    ["AWS_USE_DUALSTACK_ENDPOINT", "storage", /use the storage strategy's endpoint and region/],
    ["AWS_DEFAULT_REGION", "storage", /use the storage strategy's region/],
    ["AWS_PROFILE", "credentials", /use the storage strategy's credentials \(S3Credentials/],
    ["AWS_CONFIG_FILE", "credentials", /use the storage strategy's credentials/],
    ["AWS_SHARED_CREDENTIALS_FILE", "credentials", /use the storage strategy's credentials/],
    ["AWS_WEB_IDENTITY_TOKEN_FILE", "credentials", /use the storage strategy's credentials/],
    ["AWS_ROLE_ARN", "credentials", /use the storage strategy's credentials/],
    ["AWS_ROLE_SESSION_NAME", "credentials", /use the storage strategy's credentials/],
    ["AWS_CONTAINER_CREDENTIALS_FULL_URI", "credentials", /use the storage strategy's credentials/],
    ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "credentials", /use the storage strategy's credentials/],
    ["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "credentials", /use the storage strategy's credentials/],
    ["AWS_EC2_METADATA_SERVICE_ENDPOINT", "credentials", /use the storage strategy's credentials/],
    ["AWS_EC2_METADATA_DISABLED", "credentials", /use the storage strategy's credentials/],
    ["HOME", "credentials", /use the storage strategy's credentials/],
    ["SSLKEYLOGFILE", "credentials", /use nothing: no deployment needs it/],
    ["SSL_CERT_FILE", "credentials", /use SqlDatabaseProps\.caFile/],
    ["SSL_CERT_DIR", "credentials", /use SqlDatabaseProps\.caFile/],
    ["PATH", "process", /use nothing: no deployment needs it, and it runs other code/],
    ["LD_PRELOAD", "process", /use nothing/],
    ["LD_LIBRARY_PATH", "process", /use nothing/],
    ["LD_AUDIT", "process", /use nothing/],
    ["GLIBC_TUNABLES", "process", /use nothing/],
    ["BASH_ENV", "process", /use nothing/],
    ["ENV", "process", /use nothing/],
    ["SHELLOPTS", "process", /use nothing/],
    ["BASHOPTS", "process", /use nothing/],
    ["NODE_OPTIONS", "process", /use nothing/],
    ["NODE_PATH", "process", /use nothing/],
    ["ISOLATE_V8_FLAGS", "process", /use nothing/],
  ];

  it.each(REFUSED)("refuses %s (it redirects the %s), naming what to use instead", (variable, redirects, instead) => {
    let message = "nothing was refused";
    try {
      deploy({ unsafeRawEnvironment: { [variable]: "/elsewhere" } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(
      new RegExp(`^unsafeRawEnvironment\\.${variable}: .* \\(read at .+\\), so it is never passed raw; use `),
    );
    expect(message).toMatch(instead);
    expect(redirectingVariable(variable)?.redirects).toBe(redirects);
  });

  it("lists each variable of the table here", () => {
    const listed = new Set(REFUSED.map(([variable]) => variable));
    for (const entry of REDIRECTING_VARIABLES)
      expect([
        entry.name,
        [...listed].some((v) => (entry.prefix ? v.startsWith(entry.name) : v === entry.name)),
      ]).toEqual([entry.name, true]);
  });
});

describe("what the revision's entrypoint needs", () => {
  it("refuses S3 without static keys where the entrypoint would fall back to local storage", () => {
    expect(() => deploy({ version: A9A760CA, storage: new AwsS3({ region: "eu-central-1", buckets }) })).toThrow(
      /storage: the entrypoint of a9a760ca \(2026-03-24\) uses S3 only when .*Falling back to local storage/,
    );
    expect(() => deploy({ version: UNKNOWN_REV, storage: new AwsS3({ region: "eu-central-1", buckets }) })).toThrow(
      /storage: whether the entrypoint of revision .* is unknown/,
    );
  });

  it("accepts S3 on the default chain from the revision whose entrypoint starts without keys, and with keys anywhere", () => {
    expect(
      envOf(
        deploy({ version: REV_2026_04_09, storage: new AwsS3({ region: "eu-central-1", buckets }) }),
        "convex-x-backend",
      ),
    ).not.toHaveProperty("AWS_ACCESS_KEY_ID");
    expect(
      deployWith((stack) => ({ storage: new AwsS3({ region: "eu-central-1", buckets, credentials: keys(stack) }) })),
    ).not.toThrow();
  });

  it("refuses a storage switch the revision does not read", () => {
    const gateway = (stack: TerraformStack, version?: string): Props => ({
      version,
      storage: new CephViaGateway({
        endpoint: "https://rgw.example.internal",
        buckets,
        credentials: keys(stack),
        rangePrefetch: false,
      }),
    });
    expect(deployWith((stack) => gateway(stack, A9A760CA))).toThrow(
      /storage: sets AWS_S3_DISABLE_RANGE_PREFETCH, but a9a760ca \(2026-03-24\) does not read AWS_S3_DISABLE_RANGE_PREFETCH/,
    );
    expect(deployWith((stack) => gateway(stack, REV_2026_07_18))).not.toThrow();
  });
});

describe("the healthy-wait", () => {
  it("waits ten minutes by default, and as long as asked", () => {
    expect(byName(deploy(), "docker_container")["convex-x-backend"]).toMatchObject({ wait: true, wait_timeout: 600 });
    expect(byName(deploy({ waitTimeout: 3600 }), "docker_container")["convex-x-backend"].wait_timeout).toBe(3600);
    expect(() => deploy({ waitTimeout: 0 })).toThrow(
      /waitTimeout must be a whole number of seconds of at least 1, got 0/,
    );
  });
});

describe("PostgreSQL without required TLS", () => {
  const postgres = (requireSsl: boolean) => {
    const stack = new TerraformStack(Testing.app(), "s");
    const url = new TerraformVariable(stack, "database_url", { sensitive: true }).stringValue;
    new ConvexDeployment(stack, "c", { workspaceName: "x", urls, database: Database.postgres({ url, requireSsl }) });
    const json = Testing.synth(stack);
    return envOf({ json, tf: JSON.parse(json) as SynthesizedJson }, "convex-x-backend");
  };

  it("appends sslmode=disable to the URL as a Terraform expression over the variable, next to DO_NOT_REQUIRE_SSL", () => {
    const env = postgres(false);
    expect(env.POSTGRES_URL).toBe(
      '${join("", [var.database_url, strcontains(var.database_url, "?") ? "&" : "?", "sslmode=disable"])}',
    );
    expect(env.DO_NOT_REQUIRE_SSL).toBe("true");
  });

  it("leaves the URL alone when TLS is required (the backend appends sslmode=require itself)", () => {
    expect(postgres(true)).toMatchObject({ POSTGRES_URL: "${var.database_url}" });
    expect(postgres(true)).not.toHaveProperty("DO_NOT_REQUIRE_SSL");
  });

  it("leaves a MySQL URL alone either way", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const url = new TerraformVariable(stack, "database_url", { sensitive: true }).stringValue;
    new ConvexDeployment(stack, "c", {
      workspaceName: "x",
      urls,
      database: Database.mysql({ url, requireSsl: false }),
    });
    const json = Testing.synth(stack);
    expect(envOf({ json, tf: JSON.parse(json) as SynthesizedJson }, "convex-x-backend").MYSQL_URL).toBe(
      "${var.database_url}",
    );
  });
});
