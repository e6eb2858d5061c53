import { isLoopbackHost } from "../config/loopback";
import { expect } from "@jest/globals";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { checkDatabaseUrl } from "../config/database-url";
import type { Finding } from "../vocabulary/findings";
import { parseWorkspace, workspaceFindings } from "../config/load";
import { CONFIG_RULES, CROSS_WORKSPACE_RULES, FILE_RULES, WORKSPACE_RULES, catalogue } from "../config/rules";
import { STORAGE_KINDS } from "../config/storage-kinds";
import { environmentValues } from "../config/coder";
import { resolveWorkspace } from "../config/resolve";
import { workspaceSchema } from "../config/schema";
import { configChecks } from "../doctor/config";
import { ROOT } from "./helpers/run";
import {
  loadProblems as loadWorkspaceProblems,
  problemsOf,
  synth,
  textOf,
  workspace,
  workspaceIgnoringRules,
} from "./helpers/workspaces";

const RGW = "http://rgw.example.internal:7480";
const ceph = (extra: Record<string, unknown> = {}) => ({
  kind: "CephViaGateway",
  endpoint: RGW,
  bucketPrefix: "convex",
  ...extra,
});
const aws = (extra: Record<string, unknown> = {}) => ({
  kind: "AwsS3",
  region: "eu-central-1",
  bucketPrefix: "acme-convex",
  ...extra,
});
const REV_2025_08_05 = "33cef775a8a6228cbacee4a09ac2c4073d62ed13";
const REV_2025_09_12 = "4d3b0a5de955a258e70e3813bbff486051d88820";
/** The previous default pin (2026-03-24): it reads ACTIONS_USER_TIMEOUT_SECS, its entrypoint needs static keys for S3. */
const A9A760CA = "a9a760ca10399ed42e1b4bb87c78539a235488c7";
const UNKNOWN_REV = "0123456789abcdef0123456789abcdef01234567";
/** Reads V8_/NODE_ACTION_USER_TIMEOUT_SECS and AWS_S3_DISABLE_RANGE_PREFETCH; its entrypoint needs no static keys. */
const REV_2026_07_18 = "2c2e0f662b0ef02779028c5a8fca2322ae1b4cce";
/** The first revision whose entrypoint starts S3 without static keys (https://github.com/get-convex/convex-backend/pull/434). */
const REV_2026_04_09 = "ca1f91cde3a0ea21ec2dfe4879f8999aab24e5b6";
/** What a user writes after checking an undated revision's date. */
const VOUCHED = "Checked on GitHub: this revision is a commit of 2026-05-02, after every date the rules need.";
const IN_CODER = {
  CODER_WORKSPACE_NAME: "ws1",
  CODER_WORKSPACE_OWNER_NAME: "alice",
  CODER_WORKSPACE_AGENT_NAME: "main",
};
const DOOR_URLS = {
  backend: "https://api.shop.example",
  site: "https://site.shop.example",
  dashboard: "https://dash.shop.example",
};
const LOCAL_URLS = {
  backend: "http://localhost:3210",
  site: "http://localhost:3211",
  dashboard: "http://localhost:6791",
};

interface Case {
  /** The rule that must produce the problem. */
  readonly rule: string;
  readonly title: string;
  readonly file: Record<string, unknown>;
  readonly env?: NodeJS.ProcessEnv;
  readonly path: string;
  /** Fragments the message must contain: what breaks, the upstream error, the fix. */
  readonly says: readonly string[];
}

/** One or more refusals per rule; the catalogue in docs/rules.md lists the same ids. */
const CASES: readonly Case[] = [
  {
    rule: "gateway-sse-off",
    title: "refuses server-side encryption with CephViaGateway",
    file: { name: "a", storage: ceph({ serverSideEncryption: true }) },
    path: "storage.serverSideEncryption",
    says: [
      "x-amz-server-side-encryption: AES256",
      "(InvalidArgument)",
      "KMS is not configured",
      "remove the field",
      "acknowledge rule gateway-sse-off",
    ],
  },
  {
    rule: "gateway-checksums-off",
    title: "refuses checksums with CephViaGateway",
    file: { name: "a", storage: ceph({ checksums: true }) },
    path: "storage.checksums",
    says: ["Object part missing hash! Expected crc32", "AWS_S3_DISABLE_CHECKSUMS=true", "remove the field"],
  },
  {
    rule: "image-has-s3-switches",
    title: "refuses CephViaGateway on an image older than the per-part checksum fix",
    file: { name: "a", convex: { version: REV_2025_09_12 }, storage: ceph() },
    path: "convex.version",
    says: ["2025-09-12", "2025-10-15", "cannot talk to RGW", "Object part missing hash", "remove convex.version"],
  },
  {
    rule: "undated-revision",
    title: "refuses CephViaGateway on a revision it cannot date, saying how to confirm it",
    file: { name: "a", convex: { version: UNKNOWN_REV }, storage: ceph() },
    path: "convex.version",
    says: [
      `https://github.com/get-convex/convex-backend/commit/${UNKNOWN_REV}`,
      "acknowledge rule undated-revision",
      "not in the catalogue of upstream revisions",
    ],
  },
  {
    rule: "image-has-s3-switches",
    title: "judges an undated revision by the date the file states for it",
    file: {
      name: "a",
      convex: { version: UNKNOWN_REV, revisionDates: { [UNKNOWN_REV]: "2025-09-20" } },
      storage: ceph(),
    },
    path: "convex.version",
    says: [`${UNKNOWN_REV} (2025-09-20, as stated in convex.revisionDates)`, "older than 2025-10-15"],
  },
  {
    rule: "image-has-s3-switches",
    title: "refuses AwsS3 with SSE off on an image that predates the switch",
    file: { name: "a", convex: { version: REV_2025_08_05 }, storage: aws({ serverSideEncryption: false }) },
    path: "convex.version",
    says: ["2025-08-05", "AWS_S3_DISABLE_SSE=true", "silently keep server-side encryption on", "2025-09-03"],
  },
  {
    rule: "s3-settings-complete",
    title: "refuses a blank bucket name",
    file: {
      name: "a",
      storage: aws({
        bucketPrefix: undefined,
        buckets: { exports: "e-x", snapshotImports: "s-i", modules: "m-o", files: " ", search: "s-e" },
      }),
    },
    path: "storage.buckets.files",
    says: ["is blank", "Falling back to local storage", "silently"],
  },
  {
    rule: "s3-settings-complete",
    title: "refuses a blank gateway region",
    file: { name: "a", storage: ceph({ region: "  " }) },
    path: "storage.region",
    says: ["is blank", "Falling back to local storage"],
  },
  {
    rule: "s3-settings-complete",
    title: "refuses a blank bucket prefix, naming the names it would derive",
    file: { name: "a", storage: ceph({ bucketPrefix: "" }) },
    path: "storage.bucketPrefix",
    says: ["is blank", '"-exports"', "InvalidBucketName"],
  },
  {
    rule: "sync-target-complete",
    title: "refuses a blank sync target bucket",
    file: { name: "a", storage: { kind: "LocalPlusSync", target: { kind: "AwsS3", bucket: " " } } },
    path: "storage.target.bucket",
    says: ["is blank", "sync sidecar", "give a real value"],
  },
  {
    rule: "sync-target-complete",
    title: "refuses a gateway sync target without an endpoint",
    file: { name: "a", storage: { kind: "LocalPlusSync", target: { kind: "CephViaGateway", bucket: "backups" } } },
    path: "storage.target.endpoint",
    says: ["is required for a CephViaGateway target", "gateway's URL"],
  },
  {
    rule: "dashboard-version-matches",
    title: "refuses a dashboard at another version than the backend",
    file: { name: "a", convex: { dashboardVersion: REV_2025_09_12 } },
    path: "convex.dashboardVersion",
    says: ["upstream supports the dashboard only at the backend's own version", "remove convex.dashboardVersion"],
  },
  {
    rule: "pinned-version",
    title: "refuses the floating tag latest",
    file: { name: "a", convex: { version: "latest" } },
    path: "convex.version",
    says: ["not a pinned revision", "no way back", "acknowledge rule pinned-version"],
  },
  {
    rule: "revision-on-release-branch",
    title: "refuses a pull request's head, which is not on upstream's release branch, naming the newest release",
    // refs/pull/389/head (and branch cursor/pr-379-bundling-performance-eae5) in the mirror of 2026-08-22.
    file: { name: "a", convex: { version: "02a1786a5d7e4bab41eb8d17baa92a9f14101be3" } },
    path: "convex.version",
    says: [
      "not on upstream's release branch",
      "pull/389/head",
      "652b828b5129e6cdbcaa3c20efa8d116d09ff3bf (2026-08-21",
      "npm run catalogue",
    ],
  },
  {
    rule: "pinned-version",
    title: "refuses a short revision, which upstream does not tag",
    file: { name: "a", convex: { version: "a9a760ca" } },
    path: "convex.version",
    says: ["full 40 lower-case characters", "will not be found"],
  },
  {
    rule: "public-urls-reachable",
    title: "refuses localhost public URLs inside a Coder workspace",
    file: { name: "a", network: { publicUrls: LOCAL_URLS } },
    env: IN_CODER,
    path: "network.publicUrls.backend",
    says: [
      "Coder workspace",
      "CODER_WORKSPACE_NAME",
      "talks to localhost instead of the workspace",
      "network.coder { accessDomain }",
    ],
  },
  {
    rule: "public-urls-reachable",
    title: "refuses a localhost backend URL next to a public dashboard",
    file: { name: "a", network: { publicUrls: { ...LOCAL_URLS, dashboard: "https://dash.example.com" } } },
    path: "network.publicUrls.backend",
    says: ["http://localhost:3210", "https://dash.example.com", "NEXT_PUBLIC_DEPLOYMENT_URL", "their own machine"],
  },
  {
    rule: "public-urls-distinct",
    title: "refuses one URL for the API and HTTP actions",
    file: {
      name: "a",
      network: {
        publicUrls: {
          backend: "https://api.example.com",
          site: "https://api.example.com",
          dashboard: "https://d.example.com",
        },
      },
    },
    path: "network.publicUrls.site",
    says: ["same URL as backend", "different container ports", "its own URL"],
  },
  {
    rule: "public-urls-distinct",
    title: "refuses two Coder apps with one slug",
    file: {
      name: "a",
      network: { coder: { accessDomain: "coder.example.com", apps: { backend: "convex", site: "convex" } } },
    },
    env: IN_CODER,
    path: "network.coder.apps.site",
    says: ["same URL as backend", "https://convex--main--ws1--alice.coder.example.com"],
  },
  {
    rule: "ports-distinct",
    title: "refuses one host port for two services of a workspace",
    file: { name: "a", network: { ports: { backend: 3210, dashboard: 3210 } } },
    path: "network.ports.dashboard",
    says: [
      "same host port as network.ports.backend",
      '"Bind for 127.0.0.1:3210 failed: port is already allocated"',
      "its own port",
    ],
  },
  {
    rule: "database-host-is-a-host",
    title: "refuses a URL in database.host",
    file: { name: "a", database: { kind: "postgres", host: "https://db.example.com:5432" } },
    path: "database.host",
    says: ["host name only", "TF_VAR_database_url"],
  },
  {
    rule: "bind-source-path",
    title: "refuses the Docker socket as database.caFile (the backend would get the whole engine)",
    file: { name: "a", database: { kind: "postgres", caFile: "/var/run/docker.sock" } },
    path: "database.caFile",
    says: [
      "Docker would mount into convex-a-backend",
      "the Docker socket among them",
      "an absolute path to a regular file",
    ],
  },
  {
    rule: "reachable-from-containers",
    title: "refuses a CephViaGateway endpoint on localhost, which from the backend's container is the container",
    file: { name: "a", storage: ceph({ endpoint: "http://localhost:7480" }) },
    path: "storage.endpoint",
    says: [
      "is http://localhost:7480, a loopback address",
      "the backend connects to it from inside its container on the network convex-a",
      "e.g. http://172.17.0.1:7480",
      "a host-gateway alias",
      "a container on the network convex-a",
    ],
  },
  {
    rule: "reachable-from-containers",
    title: "refuses a sync target endpoint on 127.0.0.1",
    file: {
      name: "a",
      storage: {
        kind: "LocalPlusSync",
        target: { kind: "CephViaGateway", endpoint: "http://127.0.0.1:7480", bucket: "backups" },
      },
    },
    path: "storage.target.endpoint",
    says: ["a loopback address: the sync sidecar connects to it", "e.g. http://172.17.0.1:7480"],
  },
  {
    rule: "reachable-from-containers",
    title: "refuses database.host ::1",
    file: { name: "a", database: { kind: "postgres", host: "::1" } },
    path: "database.host",
    says: ["is ::1, a loopback address", "postgres server from inside its container"],
  },
  {
    rule: "reachable-from-containers",
    title: "refuses a database URL whose host is localhost, without quoting the URL",
    file: { name: "a", database: { kind: "mysql" } },
    env: { TF_VAR_database_url: "mysql://convex:hunter2hunter2@localhost:3306" },
    path: "database",
    says: ["TF_VAR_database_url names a loopback address as its host", "in TF_VAR_database_url, give an address"],
  },
  {
    rule: "database-url",
    title: "refuses a database URL with a database path",
    file: { name: "a", database: { kind: "postgres" } },
    env: { TF_VAR_database_url: "postgres://convex:hunter2hunter2@db.example.com:5432/convex_app" },
    path: "database",
    says: ["TF_VAR_database_url (server db.example.com)", "cluster url already contains db name", "drop the path"],
  },
  {
    rule: "database-url",
    title: "refuses a database URL without a user name",
    file: { name: "a", database: { kind: "mysql" } },
    env: { TF_VAR_database_url: "mysql://db.example.com:3306" },
    path: "database",
    says: ["has no user name", "USER@"],
  },
  {
    rule: "database-url",
    title:
      "refuses sslmode=disable in the URL with requireSsl, which the appended sslmode=require overrides (also on loopback)",
    file: { name: "a", database: { kind: "postgres" } },
    env: { TF_VAR_database_url: "postgres://convex:hunter2hunter2@127.0.0.1:5432?sslmode=disable" },
    path: "database",
    says: [
      "sets sslmode=disable",
      "the last sslmode wins",
      "the backend appends sslmode=require",
      "drop sslmode from the URL",
      "database.requireSsl alone decides",
    ],
  },
  {
    rule: "knobs-read-by-revision",
    title: "refuses the action timeout the default pin no longer reads, naming its replacements",
    file: { name: "a", convex: { knobs: { ACTIONS_USER_TIMEOUT_SECS: 900 } } },
    path: "convex.knobs.ACTIONS_USER_TIMEOUT_SECS",
    says: [
      "652b828b (2026-08-21) does not read ACTIONS_USER_TIMEOUT_SECS",
      "until before a461fb80 (2026-07-02)",
      "replaced it with V8_ACTION_USER_TIMEOUT_SECS and NODE_ACTION_USER_TIMEOUT_SECS",
    ],
  },
  {
    rule: "knobs-read-by-revision",
    title: "refuses a knob a revision does not read yet, naming the revisions that do",
    file: { name: "a", convex: { version: A9A760CA, knobs: { V8_ACTION_USER_TIMEOUT_SECS: 900 } } },
    path: "convex.knobs.V8_ACTION_USER_TIMEOUT_SECS",
    says: [
      "a9a760ca (2026-03-24) does not read V8_ACTION_USER_TIMEOUT_SECS",
      "silently ignored",
      "from a461fb80 (2026-07-02) on",
      "remove it",
    ],
  },
  {
    rule: "knobs-read-by-revision",
    title: "refuses a knob a later revision no longer reads, naming its replacements",
    file: { name: "a", convex: { version: REV_2026_07_18, knobs: { ACTIONS_USER_TIMEOUT_SECS: 900 } } },
    path: "convex.knobs.ACTIONS_USER_TIMEOUT_SECS",
    says: [
      "until before a461fb80 (2026-07-02)",
      "replaced it with V8_ACTION_USER_TIMEOUT_SECS and NODE_ACTION_USER_TIMEOUT_SECS",
    ],
  },
  {
    rule: "knobs-read-by-revision",
    title: "refuses DISABLE_METRICS_ENDPOINT on a revision from before the switch",
    file: { name: "a", convex: { version: REV_2025_09_12, knobs: { DISABLE_METRICS_ENDPOINT: true } } },
    path: "convex.knobs.DISABLE_METRICS_ENDPOINT",
    says: ["4d3b0a5d (2025-09-12) does not read DISABLE_METRICS_ENDPOINT", "from d5907925 (2026-03-05) on"],
  },
  {
    rule: "knobs-read-by-revision",
    title: "refuses a knob on a revision it cannot date, even when the revision is vouched for",
    file: {
      name: "a",
      convex: { version: UNKNOWN_REV, knobs: { LOG_FORMAT: "json" } },
      acknowledge: [{ rule: "undated-revision", reason: VOUCHED }],
    },
    path: "convex.knobs.LOG_FORMAT",
    says: [
      "is unknown",
      "the catalogue of upstream revisions does not hold it",
      `https://github.com/get-convex/convex-backend/commit/${UNKNOWN_REV}`,
      "npm run catalogue",
    ],
  },
  {
    rule: "range-prefetch-read-by-revision",
    title: "refuses rangePrefetch false on a revision that does not read AWS_S3_DISABLE_RANGE_PREFETCH",
    file: { name: "a", convex: { version: A9A760CA }, storage: ceph({ rangePrefetch: false }) },
    path: "storage.rangePrefetch",
    says: [
      "AWS_S3_DISABLE_RANGE_PREFETCH=true",
      "a9a760ca (2026-03-24) does not read",
      "from 2c2e0f66 (2026-07-18) on",
      "never reads Content-Range",
      "remove the field",
    ],
  },
  {
    rule: "entrypoint-starts-s3",
    title: "refuses sdkDefaultChain where the entrypoint falls back to local storage without static keys",
    file: { name: "a", convex: { version: A9A760CA }, storage: aws({ credentials: "sdkDefaultChain" }) },
    path: "storage.credentials",
    says: [
      "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
      "Falling back to local storage.",
      "run_backend.sh",
      "Database was initialized with",
      '"terraformVariables"',
      "ca1f91cd (2026-04-09)",
    ],
  },
  {
    rule: "entrypoint-starts-s3",
    title: "refuses sdkDefaultChain on a revision it cannot date, even when the revision is vouched for",
    file: {
      name: "a",
      convex: { version: UNKNOWN_REV },
      storage: aws({ credentials: "sdkDefaultChain" }),
      acknowledge: [{ rule: "undated-revision", reason: VOUCHED }],
    },
    path: "storage.credentials",
    says: ["is unknown", "pin a dated revision from ca1f91cd (2026-04-09) on"],
  },
  {
    rule: "wildcard-bind-needs-urls",
    title: "refuses 0.0.0.0 without public URLs or Coder",
    file: { name: "a", network: { bindAddress: "0.0.0.0" } },
    path: "network.bindAddress",
    says: ["every address of the host", "http://localhost:3210", "its own machine", "network.publicUrls"],
  },
  {
    rule: "wildcard-bind-needs-urls",
    title: "refuses :: likewise",
    file: { name: "a", network: { bindAddress: "::" } },
    path: "network.bindAddress",
    says: ["is ::", "network.coder"],
  },
  {
    rule: "bucket-names-valid",
    title: "refuses a bucket name S3 rejects",
    file: {
      name: "a",
      storage: aws({
        bucketPrefix: undefined,
        buckets: { exports: "Exports_1", snapshotImports: "s-i", modules: "m-o", files: "f-i", search: "s-e" },
      }),
    },
    path: "storage.buckets.exports",
    says: ['"Exports_1"', "only lowercase letters", "InvalidBucketName"],
  },
  {
    rule: "bucket-names-valid",
    title: "refuses a bucket prefix that derives invalid names, once",
    file: { name: "a", storage: ceph({ bucketPrefix: "xn--convex" }) },
    path: "storage.bucketPrefix",
    says: ['derives the bucket name "xn--convex-exports"', 'prefix "xn--" is reserved'],
  },
  {
    rule: "bucket-names-valid",
    title: "refuses a sync target bucket that looks like an IP address",
    file: { name: "a", storage: { kind: "LocalPlusSync", target: { kind: "AwsS3", bucket: "10.0.0.1" } } },
    path: "storage.target.bucket",
    says: ["may not look like an IP address"],
  },
  {
    rule: "resources-match-containers",
    title: "refuses limits for a snapshot sidecar a LocalPlusSync workspace on PostgreSQL does not have",
    file: {
      name: "a",
      storage: { kind: "LocalPlusSync", target: { kind: "AwsS3", bucket: "backups" } },
      database: { kind: "postgres", host: "db.example.internal" },
      resources: { snapshot: { memoryMiB: 256 } },
    },
    path: "resources.snapshot",
    says: [
      "limits a snapshot sidecar, which this workspace does not have",
      "remove resources.snapshot",
      "backend, dashboard, sync",
    ],
  },
  {
    rule: "buckets-distinct",
    title: "refuses one bucket for two purposes",
    file: {
      name: "a",
      storage: aws({
        bucketPrefix: undefined,
        buckets: { exports: "e-x", snapshotImports: "s-i", modules: "shared", files: "shared", search: "s-e" },
      }),
    },
    path: "storage.buckets.files",
    says: ["the same bucket as storage.buckets.modules", "one key space", "its own bucket"],
  },
  {
    rule: "public-urls-or-coder",
    title: "refuses publicUrls and coder together",
    file: {
      name: "a",
      network: {
        publicUrls: {
          backend: "https://a.example.com",
          site: "https://s.example.com",
          dashboard: "https://d.example.com",
        },
        coder: { accessDomain: "coder.example.com" },
      },
    },
    env: IN_CODER,
    path: "network",
    says: ["both publicUrls and coder", "keep one"],
  },
  {
    rule: "coder-names-given",
    title: "refuses Coder URLs without the owner, outside Coder",
    file: { name: "a", network: { coder: { accessDomain: "coder.example.com", agent: "main", workspace: "ws1" } } },
    path: "network.coder.owner",
    says: ["CODER_WORKSPACE_OWNER_NAME is not set", "inside the Coder workspace"],
  },
  {
    rule: "bucket-choice",
    title: "refuses S3 storage without buckets",
    file: { name: "a", storage: aws({ bucketPrefix: undefined }) },
    path: "storage.buckets",
    says: ["is required for AwsS3", "silently falls back to local storage", "bucketPrefix"],
  },
  {
    rule: "bucket-choice",
    title: "refuses buckets and a bucket prefix together",
    file: {
      name: "a",
      storage: ceph({
        buckets: { exports: "e-x", snapshotImports: "s-i", modules: "m-o", files: "f-i", search: "s-e" },
      }),
    },
    path: "storage.bucketPrefix",
    says: ["next to buckets", "keep one"],
  },
  {
    rule: "versioning-needs-provisioning",
    title: "refuses versioning of buckets the stack does not create",
    file: { name: "a", storage: ceph({ versioning: true }) },
    path: "storage.versioning",
    says: ["only on buckets this stack creates", "provisionBuckets: true"],
  },
  {
    rule: "iam-user-needs-provisioning",
    title: "refuses a provisioned IAM user without provisioned buckets",
    file: { name: "a", storage: aws({ credentials: "provisionedIamUser" }) },
    path: "storage.credentials",
    says: ["created with the buckets", "provisionBuckets: true"],
  },
  {
    rule: "session-token-needs-static-keys",
    title: "refuses a session token without static keys",
    file: { name: "a", storage: aws({ credentials: "sdkDefaultChain", sessionToken: true }) },
    path: "storage.sessionToken",
    says: ['credentials is "sdkDefaultChain"', 'use credentials "terraformVariables"'],
  },
  {
    rule: "acknowledgement-valid",
    title: "refuses an acknowledgement of a rule that protects data, saying why",
    file: {
      name: "a",
      acknowledge: [{ rule: "volume-change", reason: "We know what we are doing with this volume." }],
    },
    path: "acknowledge[0].rule",
    says: [
      '"volume-change", which cannot be acknowledged',
      "protects the data in the volume",
      "fix what the rule finds",
    ],
  },
  {
    rule: "acknowledgement-valid",
    title: "refuses an acknowledgement of an unknown rule, suggesting the one meant",
    file: {
      name: "a",
      acknowledge: [{ rule: "pinned-versoin", reason: "A preview workspace that follows the newest image." }],
    },
    path: "acknowledge[0].rule",
    says: ['names no rule: "pinned-versoin" (did you mean "pinned-version"?)', "rules that may be acknowledged: "],
  },
  {
    rule: "acknowledgement-valid",
    title: "refuses a reason that is not a sentence",
    file: {
      name: "a",
      convex: { version: "latest" },
      acknowledge: [{ rule: "pinned-version", reason: "preview-workspace-latest" }],
    },
    path: "acknowledge[0].reason",
    says: ["has 1 word", "at least a sentence", "why what rule pinned-version finds is acceptable"],
  },
  {
    rule: "acknowledgement-valid",
    title: "refuses one rule acknowledged twice",
    file: {
      name: "a",
      convex: { version: "latest" },
      acknowledge: [
        { rule: "pinned-version", reason: "A preview workspace that follows the newest image." },
        { rule: "pinned-version", reason: "And a second reason for the very same rule." },
      ],
    },
    path: "acknowledge[1].rule",
    says: ['acknowledges "pinned-version" a second time', "one entry per rule"],
  },
  {
    rule: "retired-field",
    title: "refuses allowFloatingTag, naming the acknowledgement to write instead",
    file: { name: "a", convex: { version: "latest", allowFloatingTag: true } },
    path: "convex.allowFloatingTag",
    says: [
      "is no longer read",
      "acknowledging rule pinned-version",
      '"acknowledge": [{ "rule": "pinned-version", "reason": "<why a floating tag is right for this workspace, in a sentence>" }]',
    ],
  },
  {
    rule: "retired-field",
    title: "refuses acknowledgeUnknownVersion, naming the acknowledgement to write instead",
    file: { name: "a", convex: { acknowledgeUnknownVersion: true } },
    path: "convex.acknowledgeUnknownVersion",
    says: ["vouched for a revision this project cannot date", '"rule": "undated-revision"'],
  },
  {
    rule: "retired-field",
    title: "refuses a retired field that was false, saying only to remove it",
    file: { name: "a", convex: { allowFloatingTag: false } },
    path: "convex.allowFloatingTag",
    says: ["is no longer read", "remove it (false was the default"],
  },
  {
    rule: "no-secrets-in-file",
    title: "refuses an AWS access key id in any field, naming the variable to use",
    file: { name: "a", convex: { rustLog: "AKIAIOSFODNN7EXAMPLE" } },
    path: "convex.rustLog",
    says: ["an AWS access key id (not shown here)", "TF_VAR_storage_access_key_id", "rotate"],
  },
  {
    rule: "no-secrets-in-file",
    title: "refuses a secret access key even under an unknown key",
    file: { name: "a", storage: { kind: "LocalStorage", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" } },
    path: "storage.secretAccessKey",
    says: ["AWS secret access key", "TF_VAR_storage_secret_access_key"],
  },
  {
    rule: "no-secrets-in-file",
    title: "refuses a URL with a password",
    file: {
      name: "a",
      network: { publicUrls: { ...LOCAL_URLS, backend: "https://admin:s3cretpass@api.example.com" } },
    },
    path: "network.publicUrls.backend",
    says: ["a URL with a password", "TF_VAR_database_url"],
  },
  {
    rule: "no-secrets-in-file",
    title: "refuses an instance secret",
    file: { name: "a", $schema: "4361b2a3c0f9c1b0a5e06d8d6c1f0e2a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e" },
    path: "$schema",
    says: ["INSTANCE_SECRET", "TF_VAR_instance_secret", 'convex.instanceSecret: "terraformVariable"'],
  },
  {
    rule: "no-secrets-in-file",
    title: "refuses a PEM block",
    file: {
      name: "a",
      database: { kind: "postgres", caFile: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----" },
    },
    path: "database.caFile",
    says: ["a PEM block", "database.caFile"],
  },
  {
    rule: "no-secrets-in-file",
    title: "refuses an admin key",
    file: { name: "a", volume: { note: "convex-a|01" + "ab".repeat(40) } },
    path: "volume.note",
    says: ["a Convex admin key", "CONVEX_SELF_HOSTED_ADMIN_KEY"],
  },
  {
    rule: "no-secrets-in-file",
    title: "refuses a secret access key in a URL path, where '/' bounds it",
    file: {
      name: "a",
      network: {
        publicUrls: { ...LOCAL_URLS, backend: "https://api.example.com/wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
      },
    },
    path: "network.publicUrls.backend",
    says: ["40 characters shaped like an AWS secret access key (not shown here)"],
  },
  {
    rule: "no-secrets-in-file",
    title: "refuses a secret access key after '=' in a query",
    file: {
      name: "a",
      storage: {
        kind: "CephViaGateway",
        endpoint: "https://rgw.example.com/?secret=h8Bq2Xk0vTz9LmN4pR7sW1yC3dF6gJ5aE+uYo0iQ",
        bucketPrefix: "a",
      },
    },
    path: "storage.endpoint",
    says: ["AWS secret access key"],
  },
  {
    rule: "no-secrets-in-file",
    title: "refuses a secret access key as the user of a Docker host",
    file: { name: "a", docker: { host: "ssh://h8Bq2Xk0vTz9LmN4pR7sW1yC3dF6gJ5aE+uYo0iQ@build-host" } },
    path: "docker.host",
    says: ["AWS secret access key"],
  },
  {
    rule: "no-secrets-in-file",
    title: "refuses a secret access key as a folder of a sync prefix",
    file: {
      name: "a",
      storage: {
        kind: "LocalPlusSync",
        target: { kind: "AwsS3", bucket: "backups", prefix: "team/wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
      },
    },
    path: "storage.target.prefix",
    says: ["AWS secret access key"],
  },
  {
    rule: "inert-text",
    title: "refuses a Terraform template sequence in a public URL (it would print the database URL into the dashboard)",
    file: {
      name: "a",
      network: { publicUrls: { ...LOCAL_URLS, backend: "https://api.example.com/${nonsensitive(var.database_url)}" } },
    },
    path: "network.publicUrls.backend",
    says: [
      "a Terraform template sequence",
      "nonsensitive() would print a secret variable",
      "Nothing in a workspace file is evaluated",
    ],
  },
  {
    rule: "inert-text",
    title: "refuses a template directive in a CA file path (a host path in the container's mounts)",
    file: { name: "a", database: { kind: "postgres", caFile: "/etc/%{ if true }ca%{ endif }.pem" } },
    path: "database.caFile",
    says: ["a Terraform template sequence"],
  },
  {
    rule: "inert-text",
    title: "refuses a control character",
    file: { name: "a", $schema: "https://example.com/\u001b[2J" },
    path: "$schema",
    says: ["the invisible or control character U+001B"],
  },
  {
    rule: "inert-text",
    title: "refuses a right-to-left override that would make a value read differently than it is",
    file: { name: "a", docker: { host: "ssh://build-host\u202e" } },
    path: "docker.host",
    says: ["U+202E"],
  },
  {
    rule: "keep-snapshots-needs-sqlite",
    title: "refuses database snapshots of a server database",
    file: {
      name: "a",
      storage: { kind: "LocalPlusSync", target: { kind: "AwsS3", bucket: "backups" }, keepSnapshots: 5 },
      database: { kind: "postgres" },
    },
    path: "storage.keepSnapshots",
    says: ['database.kind is "postgres"', "only the SQLite database", "remove keepSnapshots"],
  },
  {
    rule: "revision-dates-agree",
    title: "refuses a stated date that contradicts the one this project knows",
    file: { name: "a", convex: { revisionDates: { [REV_2025_09_12]: "2025-09-13" } } },
    path: `convex.revisionDates.${REV_2025_09_12}`,
    says: ["is 2025-09-13", "a revision of 2025-09-12", "remove the entry"],
  },
  {
    rule: "proxy-needs-public-urls",
    title: "refuses a front door without stated URLs",
    file: { name: "a", proxy: {} },
    path: "proxy",
    says: ["without network.publicUrls", "http://<bindAddress>:<port>", "give network.publicUrls"],
  },
  {
    rule: "proxy-needs-public-urls",
    title: "refuses a front door in front of Coder's app URLs",
    file: { name: "a", network: { coder: { accessDomain: "coder.example.com" } }, proxy: {} },
    env: IN_CODER,
    path: "proxy",
    says: ["Coder already serves its app URLs over HTTPS", "remove proxy"],
  },
  {
    rule: "proxy-urls-https",
    title: "refuses an http URL behind the front door",
    file: { name: "a", network: { publicUrls: { ...DOOR_URLS, site: "http://site.shop.example" } }, proxy: {} },
    path: "network.publicUrls.site",
    says: [
      "is http://site.shop.example, a http URL",
      "answers plain HTTP only with a redirect",
      "write https://site.shop.example",
    ],
  },
  {
    rule: "proxy-urls-https",
    title: "refuses a URL with a path behind the front door",
    file: { name: "a", network: { publicUrls: { ...DOOR_URLS, backend: "https://shop.example/api" } }, proxy: {} },
    path: "network.publicUrls.backend",
    says: ['with "/api" after the host', "routes by host name alone", "write https://shop.example"],
  },
  {
    rule: "proxy-urls-https",
    title: "refuses a URL with a user name behind the front door, without repeating it",
    file: {
      name: "a",
      network: { publicUrls: { ...DOOR_URLS, site: "https://ci@site.shop.example" } },
      proxy: {},
    },
    path: "network.publicUrls.site",
    says: ["has a user name or password before the host", "write https://site.shop.example"],
  },
  {
    rule: "proxy-url-port",
    title: "refuses a URL whose port is not the front door's HTTPS port",
    file: {
      name: "a",
      network: { publicUrls: { ...DOOR_URLS, dashboard: "https://dash.shop.example:9443" } },
      proxy: { ports: { https: 8443 } },
    },
    path: "network.publicUrls.dashboard",
    says: [
      "on port 9443",
      "proxy.ports.https 8443",
      "write https://dash.shop.example:8443",
      "set proxy.ports.https to 9443",
    ],
  },
  {
    rule: "proxy-host-names",
    title: "refuses an IP address with ACME certificates",
    file: { name: "a", network: { publicUrls: { ...DOOR_URLS, backend: "https://203.0.113.7" } }, proxy: {} },
    path: "network.publicUrls.backend",
    says: [
      "203.0.113.7, an IP address",
      'proxy.tls is "acme"',
      "every order for it fails",
      'set proxy.tls to "internal"',
    ],
  },
  {
    rule: "proxy-host-names",
    title: "refuses a host name no certificate can name",
    file: {
      name: "a",
      network: { publicUrls: { ...DOOR_URLS, site: "https://my_site.shop.example" } },
      proxy: { tls: "internal" },
    },
    path: "network.publicUrls.site",
    says: ['"my_site.shop.example", which is not a DNS name', "use the DNS name clients reach this host by"],
  },
  {
    rule: "proxy-hosts-distinct",
    title: "refuses two URLs on one host behind the front door",
    file: {
      name: "a",
      network: { publicUrls: { ...DOOR_URLS, site: "https://api.shop.example:443" } },
      proxy: {},
    },
    path: "network.publicUrls.site",
    says: [
      "has the host api.shop.example, like network.publicUrls.backend",
      "apart by host name only",
      "a host name of its own",
    ],
  },
  {
    rule: "proxy-keeps-ports-private",
    title: "refuses publishing the backend and dashboard ports around the front door",
    file: { name: "a", network: { bindAddress: "0.0.0.0", publicUrls: DOOR_URLS }, proxy: {} },
    path: "network.bindAddress",
    says: ["is 0.0.0.0 while proxy is set", "around the front door", "/metrics", "remove network.bindAddress"],
  },
  {
    rule: "ports-distinct",
    title: "refuses a front door port that is a service's port",
    file: { name: "a", network: { publicUrls: DOOR_URLS }, proxy: { bindAddress: "127.0.0.1", ports: { http: 3211 } } },
    path: "proxy.ports.http",
    says: [
      "got 3211, the same host port as network.ports.site",
      '"Bind for 127.0.0.1:3211 failed: port is already allocated"',
    ],
  },
];

/** One refusal for every file, config and workspace rule that refuses, the storage kinds' too (warnings are tested in warnings.test.ts). */
const REFUSING_RULES = [...FILE_RULES, ...CONFIG_RULES, ...WORKSPACE_RULES, ...STORAGE_KINDS.rules].filter(
  (rule) => rule.level === "error",
);

describe("rules: every known-bad combination is refused with the field, the failure and the fix", () => {
  it.each(CASES.map((c) => [c.title, c] as const))("%s", (_title, c) => {
    const findings = problemsOf(c.file, c.env);
    const finding = findings.find((f) => f.path === c.path && f.rule === c.rule);
    expect([finding?.rule, finding?.level]).toEqual([c.rule, "error"]);
    for (const fragment of c.says) expect(textOf(finding!)).toContain(fragment);
  });

  it.each(CASES.map((c) => [c.title, c] as const))("the finding of '%s' comes from its rule alone", (_title, c) => {
    const raw = environmentValues(JSON.parse(JSON.stringify(c.file)) as typeof c.file, c.env ?? {}).raw;
    const fileRule = FILE_RULES.find((r) => r.id === c.rule);
    if (fileRule) {
      expect(fileRule.check(raw).map((r) => r.path)).toContain(c.path);
      return;
    }
    const config = workspaceSchema().parse(raw);
    const configRule = CONFIG_RULES.find((r) => r.id === c.rule);
    if (configRule) {
      expect(configRule.check(config, { catalogue: catalogue() }).map((r) => r.path)).toContain(c.path);
      return;
    }
    // A storage kind's rule belongs to the file's kind, and gets its storage block.
    const kindRule = STORAGE_KINDS.of(config.storage).rules.find((r) => r.id === c.rule);
    if (kindRule?.stage === "config") {
      expect(kindRule.check(config.storage, config).map((r) => r.path)).toContain(c.path);
      return;
    }
    // The schema and the config rules accept the file; the rule alone refuses it.
    const resolved = resolveWorkspace("ws.json", config);
    expect(resolved.findings).toEqual([]);
    const ws = resolved.workspace!;
    if (kindRule) {
      expect(kindRule.check(config.storage, ws, { env: c.env ?? {} }).map((r) => r.path)).toContain(c.path);
      return;
    }
    const rule = WORKSPACE_RULES.find((r) => r.id === c.rule)!;
    expect(rule).toBeDefined();
    expect(rule.check(ws, { env: c.env ?? {} }).map((r) => r.path)).toContain(c.path);
  });

  it("says a blank or invalid name once, from the rule whose explanation fits", () => {
    const blank = problemsOf({ name: "a", storage: ceph({ bucketPrefix: " " }) });
    expect(blank.map((f) => [f.rule, f.path])).toEqual([["s3-settings-complete", "storage.bucketPrefix"]]);
    expect(blank[0].info).toMatch(/^is blank/);
    const upper = problemsOf({ name: "a", storage: ceph({ bucketPrefix: "Acme" }) });
    expect(upper).toHaveLength(1);
    expect(upper[0].info).toContain(
      'derives the bucket name "Acme-exports", which is not a valid S3 bucket name: only lowercase letters',
    );
  });

  it("has a case for every rule that refuses a file or a workspace", () => {
    const covered = new Set(CASES.map((c) => c.rule));
    for (const rule of REFUSING_RULES) expect([rule.id, covered.has(rule.id)]).toEqual([rule.id, true]);
  });
});

describe("the rule registry", () => {
  it("names each rule once", () => {
    const ids = catalogue().map((rule) => rule.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it("has each rule in a file named after its id, which exports it: in config/rules/, or in a storage kind's rules/", () => {
    const kindFolders = (dir: string): string[] =>
      readdirSync(join(ROOT, dir)).flatMap((entry) =>
        entry === "shared" ? kindFolders(join(dir, entry)) : [join(ROOT, dir, entry, "rules")],
      );
    const folders = [join(ROOT, "config", "rules"), ...kindFolders("storage-kinds")];
    for (const rule of catalogue()) {
      const files = folders.map((folder) => join(folder, `${rule.id}.ts`)).filter((file) => existsSync(file));
      expect([rule.id, files.length]).toEqual([rule.id, 1]);
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the file is found at run time, by the rule's id
      const exported = Object.values(require(files[0]) as Record<string, unknown>);
      expect([rule.id, exported.includes(rule)]).toEqual([rule.id, true]);
    }
  });

  it("runs a storage kind's rules on workspaces of that kind only", () => {
    // gateway-sse-off is CephViaGateway's: AwsS3 takes serverSideEncryption true as the default it is.
    expect(problemsOf({ name: "a", storage: aws({ serverSideEncryption: true }) })).toEqual([]);
    expect(problemsOf({ name: "a", storage: ceph({ serverSideEncryption: true }) }).map((f) => f.rule)).toEqual([
      "gateway-sse-off",
    ]);
  });

  it("documents every rule: what it finds, what it prevents, the fix, the source", () => {
    for (const rule of catalogue()) {
      for (const column of ["finds", "prevents", "fix", "source"] as const)
        expect([rule.id, column, rule.doc[column].trim().length > 0]).toEqual([rule.id, column, true]);
    }
  });
});

describe("acknowledging a rule", () => {
  const REASON = "A preview workspace that follows the newest image.";
  const floating = (acknowledge: unknown[]) => ({ name: "a", convex: { version: "latest" }, acknowledge });

  it("lets the workspace through, setting the finding aside with its reason", () => {
    const ws = workspaceIgnoringRules(floating([{ rule: "pinned-version", reason: REASON }]) as never);
    const { findings, acknowledged } = workspaceFindings(ws, {});
    expect(findings).toEqual([]);
    expect(acknowledged).toEqual([
      expect.objectContaining({ rule: "pinned-version", path: "convex.version", level: "error", reason: REASON }),
    ]);
    expect(problemsOf(floating([{ rule: "pinned-version", reason: REASON }]))).toEqual([]);
    expect(problemsOf(floating([])).map((f) => f.rule)).toEqual(["pinned-version"]);
  });

  it("lets synthesis go on: the construct library takes what an acknowledgeable rule refuses", () => {
    const ws = workspace({
      ...floating([{ rule: "pinned-version", reason: REASON }]),
      storage: ceph({ serverSideEncryption: true }),
      acknowledge: [
        { rule: "pinned-version", reason: REASON },
        { rule: "gateway-sse-off", reason: "Our RGW has a KMS configured and accepts the SSE header." },
      ],
    });
    const backend = Object.values(synth(ws).tf.resource.docker_container).find((c) => c.name === "convex-a-backend")!;
    expect(backend.image).toBeDefined();
    expect((backend.env as string[]).filter((v) => v.startsWith("AWS_S3_DISABLE_SSE"))).toEqual([]);
  });

  it("silences only the rule it names", () => {
    const file = {
      ...floating([{ rule: "pinned-version", reason: REASON }]),
      storage: ceph({ serverSideEncryption: true }),
    };
    expect(problemsOf(file).map((f) => f.rule)).toEqual(["gateway-sse-off"]);
  });

  it("warns about an acknowledgement whose rule finds nothing, without refusing", () => {
    const ws = workspaceIgnoringRules({
      name: "a",
      acknowledge: [{ rule: "pinned-version", reason: REASON }],
    });
    expect(workspaceFindings(ws, {}).findings).toEqual([
      expect.objectContaining({
        rule: "acknowledgement-unused",
        level: "warning",
        path: "acknowledge[0]",
        info: expect.stringContaining("finds nothing in this workspace"),
      }),
    ]);
    expect(problemsOf({ name: "a", acknowledge: [{ rule: "pinned-version", reason: REASON }] })).toEqual([]);
  });

  it.each(
    catalogue()
      .filter((rule) => rule.cannotAcknowledge !== undefined)
      .map((rule) => [rule.id, rule] as const),
  )("is refused for %s, saying why", (_id, rule) => {
    const findings = problemsOf({ name: "a", acknowledge: [{ rule: rule.id, reason: REASON }] });
    expect(findings).toEqual([
      expect.objectContaining({
        rule: "acknowledgement-valid",
        path: "acknowledge[0].rule",
        info: expect.stringContaining(rule.cannotAcknowledge!),
      }),
    ]);
  });

  it("is refused for every rule that protects data or secrets", () => {
    const protectors = [
      "volume-change",
      "volume-generation-only-up",
      "entrypoint-starts-s3",
      "s3-settings-complete",
      "buckets-distinct",
      "sync-target-not-shared",
      "no-cross-workspace-collisions",
      "no-secrets-in-file",
      "database-host-is-a-host",
    ];
    for (const id of protectors)
      expect([id, catalogue().find((rule) => rule.id === id)?.cannotAcknowledge]).toEqual([
        id,
        expect.stringMatching(/protects the data|secret/),
      ]);
  });

  it("is a `-` row of the doctor, with its reason", () => {
    const ws = workspaceIgnoringRules(floating([{ rule: "pinned-version", reason: REASON }]) as never);
    const { findings, acknowledged } = workspaceFindings(ws, {});
    expect(configChecks(findings, acknowledged)).toEqual([
      {
        check: "config: pinned-version",
        status: "skip",
        detail: expect.stringMatching(
          new RegExp(`^acknowledged: "${REASON}" \\(convex\\.version "latest" is not a pinned revision`),
        ),
      },
    ]);
  });
});

describe("rules: what they accept", () => {
  it.each([
    ["the shipped defaults", { name: "a" }, {}],
    ["a front door with its defaults", { name: "a", network: { publicUrls: DOOR_URLS }, proxy: {} }, {}],
    [
      "a front door on another HTTPS port, named in every URL (443 written out where it is the port)",
      {
        name: "a",
        network: {
          publicUrls: {
            backend: "https://api.shop.example:8443",
            site: "https://site.shop.example:8443/",
            dashboard: "https://DASH.shop.example:8443",
          },
        },
        proxy: { ports: { http: 8080, https: 8443 }, acme: { email: "ops@shop.example" } },
      },
      {},
    ],
    [
      "IP addresses and localhost names with the front door's own CA",
      {
        name: "a",
        network: {
          publicUrls: { backend: "https://10.0.0.5", site: "https://[fd00::5]", dashboard: "https://dash.localhost" },
        },
        proxy: { tls: "internal", dashboardAuth: { username: "admin" } },
      },
      {},
    ],
    ["CephViaGateway with its defaults", { name: "a", storage: ceph() }, {}],
    [
      "CephViaGateway on an undated revision that the user vouches for",
      {
        name: "a",
        convex: { version: UNKNOWN_REV },
        storage: ceph(),
        acknowledge: [{ rule: "undated-revision", reason: VOUCHED }],
      },
      {},
    ],
    [
      "CephViaGateway on an undated revision whose date the file states",
      { name: "a", convex: { version: UNKNOWN_REV, revisionDates: { [UNKNOWN_REV]: "2026-05-02" } }, storage: ceph() },
      {},
    ],
    [
      "CephViaGateway on latest when the floating tag is acknowledged",
      {
        name: "a",
        convex: { version: "latest" },
        storage: ceph(),
        acknowledge: [{ rule: "pinned-version", reason: "A preview workspace that follows the newest image." }],
      },
      {},
    ],
    [
      "SSE on a gateway whose KMS takes it, acknowledged",
      {
        name: "a",
        storage: ceph({ serverSideEncryption: true }),
        acknowledge: [{ rule: "gateway-sse-off", reason: "Our RGW has a KMS configured and accepts the SSE header." }],
      },
      {},
    ],
    [
      "AwsS3 with its defaults on an old image (no switch needed)",
      { name: "a", convex: { version: REV_2025_08_05 }, storage: aws() },
      {},
    ],
    [
      "AwsS3 with SSE off on an image that has the switch",
      { name: "a", convex: { version: REV_2025_09_12 }, storage: aws({ serverSideEncryption: false }) },
      {},
    ],
    [
      "a dashboard version equal to the backend's",
      { name: "a", convex: { version: REV_2025_09_12, dashboardVersion: REV_2025_09_12 } },
      {},
    ],
    ["localhost URLs outside Coder", { name: "a", network: { publicUrls: LOCAL_URLS } }, {}],
    [
      "a Coder workspace with derived URLs",
      { name: "a", network: { coder: { accessDomain: "coder.example.com" } } },
      IN_CODER,
    ],
    [
      "a public dashboard with public API and site",
      {
        name: "a",
        network: {
          publicUrls: {
            backend: "https://a.example.com",
            site: "https://s.example.com",
            dashboard: "https://d.example.com",
          },
        },
      },
      {},
    ],
    [
      "a database host name and a well-formed URL",
      { name: "a", database: { kind: "postgres", host: "db.example.com" } },
      { TF_VAR_database_url: "postgresql://convex:pw@db.example.com:5432" },
    ],
    [
      "TLS off for a remote server when requireSsl is false",
      { name: "a", database: { kind: "postgres", requireSsl: false } },
      { TF_VAR_database_url: "postgres://convex:pw@db.example.com?sslmode=disable" },
    ],
    [
      "sslmode=require with requireSsl (what the backend appends anyway)",
      { name: "a", database: { kind: "postgres" } },
      { TF_VAR_database_url: "postgres://convex:pw@db.example.com?sslmode=require" },
    ],
    [
      "upstream's ACTIONS_USER_TIMEOUT_SECS and compose's knobs at a revision that reads them",
      {
        name: "a",
        convex: {
          version: A9A760CA,
          knobs: {
            ACTIONS_USER_TIMEOUT_SECS: 900,
            APPLICATION_MAX_CONCURRENT_QUERIES: 32,
            LOG_FORMAT: "json",
            NO_COLOR: true,
            RUST_BACKTRACE: "1",
            DISABLE_METRICS_ENDPOINT: false,
            DOCUMENT_RETENTION_DELAY: 86400,
          },
        },
      },
      {},
    ],
    [
      "the V8 and Node action timeouts on a revision that reads them",
      {
        name: "a",
        convex: {
          version: REV_2026_07_18,
          knobs: { V8_ACTION_USER_TIMEOUT_SECS: 900, NODE_ACTION_USER_TIMEOUT_SECS: 300 },
        },
      },
      {},
    ],
    [
      "rangePrefetch false on a revision that reads it",
      { name: "a", convex: { version: REV_2026_07_18 }, storage: ceph({ rangePrefetch: false }) },
      {},
    ],
    [
      "sdkDefaultChain from the revision whose entrypoint needs no static keys",
      { name: "a", convex: { version: REV_2026_04_09 }, storage: aws({ credentials: "sdkDefaultChain" }) },
      {},
    ],
    [
      "a wildcard bind reached through Coder",
      { name: "a", network: { bindAddress: "0.0.0.0", coder: { accessDomain: "coder.example.com" } } },
      IN_CODER,
    ],
    [
      "a sync target of its own",
      {
        name: "a",
        storage: { kind: "LocalPlusSync", target: { kind: "CephViaGateway", endpoint: RGW, bucket: "backups" } },
      },
      {},
    ],
  ])("accepts %s", (_title, file, env) => {
    expect(problemsOf(file, env as NodeJS.ProcessEnv)).toEqual([]);
  });

  it("ignores TF_VAR_database_url for a SQLite workspace", () => {
    expect(problemsOf({ name: "a" }, { TF_VAR_database_url: "nonsense" })).toEqual([]);
  });
});

describe("rules across workspaces", () => {
  const loadProblems = (files: Record<string, unknown>): Finding[] =>
    loadWorkspaceProblems(
      Object.fromEntries(Object.entries(files).map(([name, content]) => [name, JSON.stringify(content)])),
    );
  const ports = (n: number) => ({ ports: { backend: n, site: n + 1, dashboard: n + 2 } });

  it("refuses a sync target that is another workspace's backend bucket", () => {
    const problems = loadProblems({
      "a.json": { name: "shop", storage: ceph({ bucketPrefix: "shop" }) },
      "b.json": {
        name: "dev",
        network: ports(4000),
        storage: {
          kind: "LocalPlusSync",
          target: { kind: "CephViaGateway", endpoint: `${RGW}/`, bucket: "shop-files" },
        },
      },
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: "storage.target.bucket" });
    expect(problems[0].info).toContain(`"shop-files" on ${RGW} is the files bucket of workspace "shop"`);
    expect(problems[0].fix).toBe("sync to a bucket no backend uses");
  });

  it("refuses two workspaces syncing into overlapping folders of one bucket", () => {
    const target = (prefix?: string) => ({
      kind: "LocalPlusSync",
      target: { kind: "AwsS3", bucket: "team-backups", prefix },
    });
    const problems = loadProblems({
      "a.json": { name: "one", storage: target("convex") },
      "b.json": { name: "two", network: ports(4000), storage: target("convex/two") },
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: expect.stringContaining("b.json"), path: "storage.target.prefix" });
    expect(problems[0].info).toContain('overlaps folder "convex" that workspace "one"');
  });

  it("accepts sync targets in their own folders and the same bucket name on another service", () => {
    const problems = loadProblems({
      "a.json": { name: "one", storage: { kind: "LocalPlusSync", target: { kind: "AwsS3", bucket: "team-backups" } } },
      "b.json": {
        name: "two",
        network: ports(4000),
        storage: { kind: "LocalPlusSync", target: { kind: "AwsS3", bucket: "team-backups" } },
      },
      "c.json": { name: "shop", network: ports(5000), storage: ceph({ bucketPrefix: "shop" }) },
      "d.json": {
        name: "dev",
        network: ports(6000),
        storage: { kind: "LocalPlusSync", target: { kind: "AwsS3", bucket: "shop-files" } },
      },
    });
    expect(problems).toEqual([]);
  });

  it("refuses two front doors on one Docker host's port, and accepts them on other ports or addresses", () => {
    const door = (
      name: string,
      proxy: { bindAddress?: string; ports?: { http: number; https: number } },
      n: number,
    ) => {
      const port = proxy.ports ? `:${proxy.ports.https}` : "";
      const url = (service: string) => `https://${service}.${name}.example${port}`;
      return {
        name,
        network: { ...ports(n), publicUrls: { backend: url("api"), site: url("site"), dashboard: url("dash") } },
        proxy,
      };
    };
    const clash = loadProblems({
      "a.json": door("one", {}, 3000),
      "b.json": door("two", { bindAddress: "203.0.113.7" }, 4000),
    });
    expect(clash.map((p) => [p.rule, p.path])).toEqual([
      ["no-cross-workspace-collisions", "proxy.ports.http"],
      ["no-cross-workspace-collisions", "proxy.ports.https"],
    ]);
    expect(clash[1].info).toContain('collides with proxy.ports.https of workspace "one"');
    expect(clash[1].info).toContain('"Bind for 203.0.113.7:443 failed: port is already allocated"');
    const apart = loadProblems({
      "a.json": door("one", { bindAddress: "203.0.113.7" }, 3000),
      "b.json": door("two", { bindAddress: "203.0.113.8" }, 4000),
      "c.json": door("three", { ports: { http: 8080, https: 8443 } }, 5000),
    });
    expect(apart).toEqual([]);
  });

  it("quotes Docker's error for a port two workspaces share", () => {
    const problems = loadProblems({
      "a.json": { name: "one" },
      "b.json": { name: "two", network: { ports: { backend: 3210, site: 4211, dashboard: 4791 } } },
    });
    expect(problems[0].info).toContain('"Bind for 127.0.0.1:3210 failed: port is already allocated"');
  });

  it.each([
    ["unix:///var/run/docker.sock", "unix:///run/docker.sock"],
    ["unix:///var/run/docker.sock", "unix:///run/./docker.sock"],
    ["ssh://build-host", "ssh://deploy@build-host:22"],
    ["ssh://deploy@Build-Host", "ssh://root@build-host"],
    ["tcp://10.0.0.5", "tcp://10.0.0.5:2375"],
  ])("sees one Docker engine in %s and %s: their ports collide", (hostA, hostB) => {
    const problems = loadProblems({
      "a.json": { name: "one", docker: { host: hostA } },
      "b.json": {
        name: "two",
        docker: { host: hostB },
        network: { ports: { backend: 3210, site: 4211, dashboard: 4791 } },
      },
    });
    expect(problems.map((p) => p.path)).toEqual(["network.ports.backend"]);
  });

  it.each([
    ["unix:///var/run/docker.sock", "unix:///run/user/1000/docker.sock"],
    ["ssh://build-host", "ssh://build-host:2222"],
    ["tcp://10.0.0.5", "tcp://10.0.0.5:2376"],
  ])("sees two Docker engines in %s and %s", (hostA, hostB) => {
    expect(
      loadProblems({
        "a.json": { name: "one", docker: { host: hostA } },
        "b.json": { name: "two", docker: { host: hostB } },
      }),
    ).toEqual([]);
  });

  it("refuses two workspaces with one instance name on one database server, however the host is written", () => {
    const db = (host: string) => ({ kind: "postgres", host });
    const problems = loadProblems({
      "a.json": { name: "one", convex: { instanceName: "shop" }, database: db("db.example.internal") },
      "b.json": {
        name: "two",
        convex: { instanceName: "shop" },
        database: db("DB.Example.Internal"),
        network: ports(4000),
      },
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      rule: "no-shared-data-stores",
      file: expect.stringContaining("b.json"),
      path: "convex.instanceName",
    });
    expect(problems[0].info).toContain('is "shop" on postgres://db.example.internal:5432, as for workspace "one"');
    expect(problems[0].info).toContain('the database named after the instance name ("shop")');
  });

  it("refuses two workspaces with one instance name in the same buckets, however the endpoint is written", () => {
    const problems = loadProblems({
      "a.json": {
        name: "one",
        convex: { instanceName: "shop" },
        storage: ceph({ endpoint: "https://rgw.example.internal", bucketPrefix: "shop" }),
      },
      "b.json": {
        name: "two",
        convex: { instanceName: "shop" },
        storage: ceph({ endpoint: "https://RGW.Example.Internal:443/", bucketPrefix: "shop" }),
        network: ports(4000),
      },
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: "convex.instanceName" });
    expect(problems[0].info).toContain('on https://rgw.example.internal, as for workspace "one"');
    expect(problems[0].info).toContain('"shop-<uuid>/"');
  });

  it("accepts one instance name on other servers or buckets, and other instance names on one server", () => {
    const problems = loadProblems({
      "a.json": {
        name: "one",
        convex: { instanceName: "shop" },
        database: { kind: "postgres", host: "db1.example.internal" },
      },
      "b.json": {
        name: "two",
        convex: { instanceName: "shop" },
        database: { kind: "postgres", host: "db2.example.internal" },
        network: ports(4000),
      },
      "c.json": { name: "three", database: { kind: "postgres", host: "db1.example.internal" }, network: ports(5000) },
      "d.json": {
        name: "four",
        convex: { instanceName: "shop" },
        storage: ceph({ bucketPrefix: "four" }),
        network: ports(6000),
      },
      "e.json": {
        name: "five",
        convex: { instanceName: "shop" },
        storage: ceph({ bucketPrefix: "five" }),
        network: ports(7000),
      },
    });
    expect(problems).toEqual([]);
  });

  describe("a state in S3 where a workspace's storage or sidecars write or prune (rule state-outside-data-prefixes)", () => {
    const GATEWAY = "http://rgw.example.internal:7480";
    const sync = (prefix?: string) => ({
      kind: "LocalPlusSync",
      target: { kind: "CephViaGateway", endpoint: GATEWAY, bucket: "backups", ...(prefix ? { prefix } : {}) },
    });
    const state = (bucket: string, keyPrefix?: string, endpoint = GATEWAY) => ({
      backend: "s3",
      bucket,
      region: "us-east-1",
      endpoint,
      ...(keyPrefix ? { keyPrefix } : {}),
    });
    const refused = (files: Record<string, unknown>) =>
      loadProblems(files).filter((p) => p.rule === "state-outside-data-prefixes");

    it("refuses a state inside the snapshot folder its own sync sidecar prunes", () => {
      const problems = refused({
        "a.json": { name: "app", storage: sync("app"), state: state("backups", "app/convex-stack-snapshots/tf") },
      });
      expect(problems).toEqual([
        expect.objectContaining({ path: "state", level: "error", file: expect.stringContaining("a.json") }),
      ]);
      expect(problems[0].info).toContain(
        "the state object s3://backups/app/convex-stack-snapshots/tf/app.tfstate lies where this workspace's storage writes (storage.target.bucket): the snapshot sidecar prunes app/convex-stack-snapshots/",
      );
      expect(problems[0].fix).toContain("a bucket of its own");
    });

    it("refuses a state inside the folder the sync sidecar copies into (the default folder is the workspace name)", () => {
      expect(refused({ "a.json": { name: "app", storage: sync(), state: state("backups", "app/terraform") } })).toEqual(
        [expect.objectContaining({ path: "state" })],
      );
    });

    it("refuses a state in a bucket another workspace's backend keeps its objects in, on the same service however written", () => {
      const problems = refused({
        "a.json": { name: "one", storage: ceph({ endpoint: GATEWAY, bucketPrefix: "shop" }) },
        "b.json": {
          name: "two",
          state: state("shop-files", undefined, "http://RGW.Example.Internal:7480/"),
          network: ports(4000),
        },
      });
      expect(problems).toEqual([expect.objectContaining({ path: "state", file: expect.stringContaining("b.json") })]);
      expect(problems[0].info).toContain('workspace "one"\'s');
      expect(problems[0].info).toContain("the backend keeps its files objects in that bucket");
    });

    it("accepts a state beside the copy folder in the same bucket, and one on another service", () => {
      expect(
        refused({
          "a.json": { name: "app", storage: sync("app"), state: state("backups", "terraform") },
          "b.json": {
            name: "two",
            storage: sync("two"),
            state: state("backups", "app", "http://other.example.internal"),
            network: ports(4000),
          },
        }),
      ).toEqual([]);
    });
  });

  it("has a case for every cross-workspace rule", () => {
    expect(CROSS_WORKSPACE_RULES.map((r) => r.id).sort()).toEqual([
      "no-cross-workspace-collisions",
      "no-shared-data-stores",
      "state-outside-data-prefixes",
      "sync-target-not-shared",
    ]);
  });
});

describe("secrets are never echoed", () => {
  const SECRETS = [
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "4361b2a3c0f9c1b0a5e06d8d6c1f0e2a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e",
    "postgres://convex:hunter2hunter2@db.example.com",
  ];

  it.each(SECRETS.map((secret, i) => [i, secret] as const))(
    "not in any message when secret %i is in a field of the wrong type, an invalid field or an unknown key",
    (_i, secret) => {
      const files = [
        { name: "a", network: { ports: { backend: secret } } },
        { name: "a", convex: { version: secret } },
        { name: "a", [secret]: 1 },
        { name: secret },
        { name: "a", storage: { kind: "AwsS3", region: "eu-central-1", bucketPrefix: secret } },
      ];
      for (const file of files) {
        const problems = problemsOf(file);
        expect(problems.length).toBeGreaterThan(0);
        expect(problems.some((p) => p.info.includes("not shown"))).toBe(true);
        for (const p of problems) expect(`${p.path} ${p.info} ${p.fix}`).not.toContain(secret);
      }
    },
  );

  it("nor in the message for a file that is not valid JSON", () => {
    const [finding] = parseWorkspace("x.json", `{"name": AKIAIOSFODNN7EXAMPLE}`, {}).findings;
    expect(finding.rule).toBe("json-syntax");
    expect(finding.info).toBe("is not valid JSON (unexpected 'A', expected a value at line 1, column 10)");
    expect(textOf(finding)).not.toContain("AKIAIOSFOD");
  });

  it("says where a syntax error is, by line and column", () => {
    expect(parseWorkspace("x.json", `{\n  "name": "a"\n  "b": 1\n}`, {}).findings[0]).toMatchObject({
      info: "is not valid JSON (unexpected '\"', expected ',' or '}' after a value at line 3, column 3)",
      fix: "fix the syntax",
    });
  });

  it("does not mistake the pinned revision, bucket names or host names for secrets", () => {
    expect(
      problemsOf({
        name: "a",
        convex: { version: "a9a760ca10399ed42e1b4bb87c78539a235488c7" },
        storage: ceph({ bucketPrefix: "convex-team-a-2026-archive-bucket-x" }),
      }),
    ).toEqual([]);
  });
});

describe("checkDatabaseUrl (synthesis, validate and the doctor)", () => {
  const remote = "db.example.com";
  it.each([
    ["a well-formed postgres URL", `postgres://convex:pw@${remote}:5432`, { requireSsl: true, kind: "postgres" }, []],
    [
      "a mysql URL for a postgres workspace",
      `mysql://convex:pw@${remote}`,
      { requireSsl: true, kind: "postgres" },
      ['is a mysql URL but database.kind is "postgres"'],
    ],
    ["something that is not a URL", "just some words", { requireSsl: true }, ["is not a URL"]],
    [
      "another scheme",
      `https://convex:pw@${remote}`,
      { requireSsl: true },
      ["must start with postgres://, postgresql:// or mysql://"],
    ],
    [
      "mysql with ssl-mode=DISABLED to a remote host",
      `mysql://convex:pw@${remote}?ssl-mode=DISABLED`,
      { requireSsl: true },
      ["turns TLS off (ssl-mode=DISABLED)"],
    ],
    [
      "sslmode=prefer with requireSsl, overridden by the appended require",
      `postgres://convex:pw@${remote}?sslmode=prefer`,
      { requireSsl: true },
      [
        "sets sslmode=prefer, which does not do what it says: the last sslmode wins, and the backend appends sslmode=require",
      ],
    ],
    [
      "sslmode=disable to loopback with requireSsl: no exception for local hosts",
      "postgres://convex:pw@127.0.0.1:5432?sslmode=disable",
      { requireSsl: true },
      ["sets sslmode=disable"],
    ],
    [
      "sslmode=disable to host.docker.internal with requireSsl",
      "postgres://convex:pw@host.docker.internal?sslmode=disable",
      { requireSsl: true },
      ["sets sslmode=disable"],
    ],
    [
      "sslmode=require without requireSsl, overridden by the appended disable",
      `postgres://convex:pw@${remote}?sslmode=require`,
      { requireSsl: false },
      ["appends sslmode=disable"],
    ],
    [
      "an sslmode the backend's client does not know",
      `postgres://convex:pw@${remote}?sslmode=verify-full`,
      { requireSsl: true },
      ["invalid value for option `sslmode`"],
    ],
    [
      "sslmode=disable without requireSsl: what the stack appends anyway",
      `postgres://convex:pw@${remote}?sslmode=disable`,
      { requireSsl: false },
      [],
    ],
    [
      "a fragment, which would swallow the appended parameters",
      `postgres://convex:pw@${remote}#x`,
      { requireSsl: false },
      ["#fragment"],
    ],
    [
      "a path and no user at once",
      `postgres://${remote}/app`,
      { requireSsl: true },
      ["has no user name", "names a database in its path"],
    ],
  ] as const)("%s", (_title, url, options, expected) => {
    const problems = checkDatabaseUrl(url, options);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((fragment, i) => expect(`${problems[i].info} - ${problems[i].fix}`).toContain(fragment));
    for (const p of problems) expect(`${p.info} ${p.fix}`).not.toMatch(/convex:pw|:pw@/);
  });

  it("never repeats the password or the user name of the URL", () => {
    const problems = problemsOf(
      { name: "a", database: { kind: "postgres" } },
      { TF_VAR_database_url: "postgres://alice:hunter2hunter2@db.example.com/app?sslmode=disable" },
    );
    expect(problems.length).toBe(2);
    for (const p of problems) expect(textOf(p)).not.toMatch(/hunter2|alice/);
  });
});

describe("rule reachable-from-containers", () => {
  const reachability = (file: unknown, env: NodeJS.ProcessEnv = {}) =>
    problemsOf(file, env).filter((f) => f.rule === "reachable-from-containers");

  it("names every loopback spelling, and no other address", () => {
    const loopback = [
      "localhost",
      "API.LOCALHOST.",
      "127.0.0.1",
      "127.1.2.3",
      "0.0.0.0",
      "::1",
      "[::1]",
      "0:0:0:0:0:0:0:1",
      "::",
      "::ffff:127.0.0.1",
    ];
    const others = ["172.17.0.1", "localhost.example.com", "db.example.internal", "::2", "fe80::1", "rgw"];
    expect(loopback.filter((host) => !isLoopbackHost(host))).toEqual([]);
    expect(others.filter((host) => isLoopbackHost(host))).toEqual([]);
  });

  it("accepts the Docker bridge's gateway and host names for what the containers use", () => {
    expect(
      reachability(
        {
          name: "a",
          storage: ceph({ endpoint: "http://172.17.0.1:7480" }),
          database: { kind: "postgres", host: "db" },
        },
        { TF_VAR_database_url: "postgres://convex:hunter2hunter2@172.17.0.1:5432" },
      ),
    ).toEqual([]);
  });

  it("leaves the Terraform state endpoint alone: Terraform uses it from this machine", () => {
    expect(
      reachability({
        name: "a",
        state: { backend: "s3", bucket: "tf-state", region: "us-east-1", endpoint: "http://127.0.0.1:7480" },
      }),
    ).toEqual([]);
  });
});
