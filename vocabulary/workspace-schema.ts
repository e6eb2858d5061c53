import { z } from "zod";
import {
  DEFAULTS,
  KNOBS,
  type KnobSpec,
  KnobType,
  LIMITS,
  LOG_DRIVERS,
  formatProblem,
  FORMATS,
} from "../constructs/domain";
import { DEFAULT_CODER_APPS, DEFAULT_STATE_KEY_PREFIX } from "./defaults";
import { proxy } from "./proxy-schema";
import { httpUrl, keeping, port } from "./schema-fields";

/*
 * The workspace file format. Objects are strict (an unknown key is an error, so a typo is caught) and
 * no field can hold a secret: secrets enter only as sensitive Terraform variables (see constructs/domain/secrets.ts).
 *
 * Every field's description is written here, once: config/workspace.schema.json (what an editor reads) and
 * docs/workspace-file.md are generated from this file by `npm run schema`. Two constraints follow from
 * that. Regular expressions carry no flags (JSON Schema's `pattern` has none: spell both cases out), and
 * values are normalized with `.overwrite()`, never `.transform()` (zod leaves the defaults and examples of
 * anything that contains a transform out of the JSON Schema).
 */

const dnsLabel = keeping(FORMATS.workspaceName);

const imageTag = keeping(FORMATS.imageTag);

/** A knob's value as its table says (constructs/domain/knobs.ts): the one home of its type and bounds. */
function knobValue(spec: KnobSpec): z.ZodType {
  switch (spec.type) {
    case KnobType.SECONDS:
      return z
        .number()
        .int(`whole seconds`)
        .min(spec.min ?? 0)
        .max(LIMITS.knobNumber.max);
    case KnobType.COUNT:
      return z
        .number()
        .int("a whole number")
        .min(spec.min ?? 0)
        .max(LIMITS.knobNumber.max);
    case KnobType.BOOLEAN:
      return z.boolean();
    case KnobType.ENUM:
      return z.enum(spec.values as [string, ...string[]]);
  }
}

/**
 * Backend knobs keyed by their upstream variable name. Only the typed knobs: which revisions read each is
 * rule knobs-read-by-revision's question (a knob the workspace's revision does not read is refused).
 */
const knobs = z.strictObject(
  Object.fromEntries(
    KNOBS.map((spec) => [
      spec.variable,
      knobValue(spec)
        .optional()
        .meta({ description: `${spec.meaning} Upstream's default: ${spec.upstreamDefault}.` }),
    ]),
  ),
);

const convex = z.strictObject({
  version: imageTag.default(DEFAULTS.version).meta({
    description:
      "Image tag of the backend and the dashboard: a full 40-character upstream git revision (the default is a pinned one). Upstream supports only matching backend and dashboard versions.",
    examples: [DEFAULTS.version],
  }),
  dashboardVersion: imageTag.optional().meta({
    description:
      "The dashboard's image tag. It may only repeat `version`: upstream supports only matching versions. When absent: `version`.",
  }),
  instanceName: dnsLabel.optional().meta({
    description:
      "INSTANCE_NAME. It names the SQL database and the S3 key prefix, so never change it on a deployed volume (a migration: see docs/data-safety.md). When absent: `convex-<name>`.",
    examples: ["convex-self-hosted"],
  }),
  instanceSecret: z.enum(["generated", "terraformVariable"]).default("generated").meta({
    description:
      "Where INSTANCE_SECRET comes from. `generated`: the image creates one and keeps it in the data volume. `terraformVariable`: from the sensitive variable TF_VAR_instance_secret (64 hex characters).",
  }),
  revisionDates: z
    .record(keeping(FORMATS.pinnedRevision), keeping(FORMATS.commitDate))
    .optional()
    .meta({
      description:
        "Commit dates of upstream revisions this project cannot date (not in the catalogue of upstream revisions, docs/upstream-catalogue.md), as read on their commit pages: revision -> YYYY-MM-DD. The upgrade guard needs them to tell an upgrade from a downgrade (see docs/upgrades.md).",
      examples: [{ "0123456789abcdef0123456789abcdef01234567": "2026-05-01" }],
    }),
  rustLog: keeping(FORMATS.rustLog)
    .default(DEFAULTS.rustLog)
    .meta({ description: "RUST_LOG of the backend.", examples: ["info,common=debug"] }),
  disableBeacon: z.boolean().default(DEFAULTS.disableBeacon).meta({
    description:
      "Stop the backend's anonymous usage beacon: `true` emits DISABLE_BEACON=true. When `false` the variable is absent (any value, even `false`, would turn it on).",
  }),
  redactLogsToClient: z.boolean().default(DEFAULTS.redactLogsToClient).meta({
    description:
      "Hide server log lines from clients: `true` emits REDACT_LOGS_TO_CLIENT=true; when `false` the variable is absent, as for `disableBeacon`.",
  }),
  knobs: knobs.default({}).meta({
    description:
      "Typed backend knobs keyed by their upstream variable name (see docs/backend-environment.md). Upstream compose's values (APPLICATION_MAX_CONCURRENT_QUERIES, _MUTATIONS, _V8_ACTIONS and _NODE_ACTIONS=16, DISABLE_METRICS_ENDPOINT=true, DOCUMENT_RETENTION_DELAY=172800) apply unless set here; a knob the workspace's revision does not read is refused.",
    examples: [{ ACTIONS_USER_TIMEOUT_SECS: 600 }],
  }),
  waitTimeout: z.number().int().min(1).max(86_400).default(DEFAULTS.waitTimeout).meta({
    description:
      "Seconds `apply` waits for the backend to answer /version (covers the start after an upgrade; migrations then finish in the background: see docs/backend-environment.md).",
  }),
});

const docker = z.strictObject({
  host: keeping(FORMATS.dockerHost)
    .default(DEFAULTS.dockerHost)
    .meta({
      description: "The Docker engine to deploy to.",
      examples: ["ssh://deploy@build-host", "tcp://10.0.0.5:2376"],
    }),
});

const hostPort = (service: string, fallback: number) =>
  port.default(fallback).meta({
    description: `Host port of the ${service}. It must be free on the Docker host, also across the workspaces deployed to that host.`,
  });

const ports = z.strictObject({
  backend: hostPort("backend's API (CONVEX_CLOUD_ORIGIN)", DEFAULTS.ports.backend),
  site: hostPort("backend's HTTP actions (CONVEX_SITE_ORIGIN)", DEFAULTS.ports.site),
  dashboard: hostPort("dashboard", DEFAULTS.ports.dashboard),
});

const publicUrl = (what: string, example: string) =>
  httpUrl.meta({ description: `The URL clients use for the ${what}.`, examples: [example] });

const publicUrls = z.strictObject({
  backend: publicUrl(
    "backend's API: CONVEX_CLOUD_ORIGIN, and the dashboard's NEXT_PUBLIC_DEPLOYMENT_URL",
    "https://api.example.com",
  ),
  site: publicUrl("backend's HTTP actions: CONVEX_SITE_ORIGIN", "https://site.example.com"),
  dashboard: publicUrl("dashboard", "https://dash.example.com"),
});

const coderApp = (service: string, fallback: string, port: number) =>
  dnsLabel.default(fallback).meta({
    description: `Slug of the Coder app that reaches the ${service} (for a bare port app, the port).`,
    examples: [String(port)],
  });

const coder = z.strictObject({
  accessDomain: z
    .string()
    .regex(/^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/, "a domain name such as coder.example.com, no scheme, no '*.'")
    .meta({
      description:
        "Coder's wildcard access domain, without scheme or `*.` (coder.example.com for https://*.coder.example.com).",
      examples: ["coder.example.com"],
    }),
  agent: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, "a Coder agent name")
    .optional()
    .meta({
      description: "The Coder agent. When absent: CODER_WORKSPACE_AGENT_NAME of the environment the synthesis runs in.",
      examples: ["main"],
    }),
  workspace: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, "a Coder workspace name")
    .optional()
    .meta({
      description: "The Coder workspace. When absent: CODER_WORKSPACE_NAME of the environment the synthesis runs in.",
    }),
  owner: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/, "a Coder user name")
    .optional()
    .meta({
      description:
        "The Coder workspace's owner. When absent: CODER_WORKSPACE_OWNER_NAME of the environment the synthesis runs in.",
    }),
  apps: z
    .strictObject({
      backend: coderApp("backend's API", DEFAULT_CODER_APPS.backend, DEFAULTS.ports.backend),
      site: coderApp("backend's HTTP actions", DEFAULT_CODER_APPS.site, DEFAULTS.ports.site),
      dashboard: coderApp("dashboard", DEFAULT_CODER_APPS.dashboard, DEFAULTS.ports.dashboard),
    })
    .default({ ...DEFAULT_CODER_APPS })
    .meta({ description: "The Coder apps (set up by the workspace template) that reach the three ports." }),
});

const network = z.strictObject({
  bindAddress: keeping(FORMATS.ipAddress)
    .default(DEFAULTS.bindAddress)
    .meta({
      description:
        "Host address the ports are published on; the derived URLs follow it (0.0.0.0 and :: need publicUrls or coder).",
      examples: ["0.0.0.0"],
    }),
  ports: ports.default({ ...DEFAULTS.ports }).meta({ description: "Host ports, one per service." }),
  publicUrls: publicUrls.optional().meta({
    description:
      "The URLs clients use, when a proxy sits in front. When absent (and no `coder`): http://<bindAddress>:<port> for each port (localhost for 127.0.0.1).",
  }),
  coder: coder.optional().meta({
    description:
      "Derive the URLs the Coder way, https://<app>--<agent>--<workspace>--<owner>.<accessDomain>; excludes `publicUrls`. See docs/urls-and-outputs.md.",
  }),
});

const sqlDatabase = {
  requireSsl: z.boolean().default(DEFAULTS.requireSsl).meta({
    description:
      "Require TLS to the server: `false` emits DO_NOT_REQUIRE_SSL=true (and, for postgres, appends sslmode=disable to the URL, so a server without TLS or with a self-signed certificate works); when `true` the variable is absent (any value, even `false`, would turn it on).",
  }),
  caFile: keeping(FORMATS.hostPath)
    .optional()
    .meta({
      description:
        "Host path of a CA bundle, mounted read-only at /convex/certs/database-ca.pem, with PG_CA_FILE / MYSQL_CA_FILE pointing at it.",
      examples: ["/etc/ssl/certs/db-ca.pem"],
    }),
  host: z
    .string()
    .min(1)
    .optional()
    .meta({
      description:
        "The server's host name (no secret), for the TLS rule and the doctor only; the connection itself is the sensitive TF_VAR_database_url.",
      examples: ["db.example.internal"],
    }),
};

const database = z.discriminatedUnion("kind", [
  z
    .strictObject({ kind: z.literal("sqlite").meta({ description: "/convex/data/db.sqlite3 in the data volume." }) })
    .meta({ title: "sqlite" }),
  z
    .strictObject({
      kind: z
        .literal("postgres")
        .meta({ description: "A PostgreSQL server; its URL is TF_VAR_database_url (POSTGRES_URL)." }),
      ...sqlDatabase,
    })
    .meta({ title: "postgres" }),
  z
    .strictObject({
      kind: z.literal("mysql").meta({ description: "A MySQL server; its URL is TF_VAR_database_url (MYSQL_URL)." }),
      ...sqlDatabase,
    })
    .meta({ title: "mysql" }),
]);

const volume = z.strictObject({
  protectFromDestroy: z.boolean().default(DEFAULTS.protectFromDestroy).meta({
    description:
      "Terraform prevent_destroy on the data volume (and on the buckets a workspace provisions); opt out only for throw-away workspaces.",
  }),
  generation: z.number().int().min(LIMITS.generation.min).max(LIMITS.generation.max).default(DEFAULTS.generation).meta({
    description:
      "A new number names a new, empty volume (`convex-<name>-data-g2`) and leaves the old one untouched: how storage, database or instance name change on a deployed workspace (docs/data-safety.md). Generations only go up, to at most 100 (each earlier one is a `removed` block in the stack).",
  }),
});

/** One container's limits (the library's ContainerResources): absent fields set no limit. */
function containerResources(what: string, unlimited: boolean) {
  return z
    .strictObject({
      memoryMiB: z
        .number()
        .int("a whole number of MiB")
        .min(LIMITS.memoryMiB.min)
        .max(LIMITS.memoryMiB.max)
        .optional()
        .meta({
          description: `The most memory ${what} may use, in MiB (Docker's --memory); at the limit the kernel's OOM killer ends a process in it and the container is restarted. See docs/operations.md.${unlimited ? " When absent: no limit." : ""}`,
        }),
      swapMiB: z
        .number()
        .int("a whole number of MiB")
        .min(LIMITS.swapMiB.min)
        .max(LIMITS.swapMiB.max)
        .optional()
        .meta({
          description: `Swap ${what} may use beyond memoryMiB, in MiB; needs memoryMiB. When absent: 0, no swap.`,
        }),
      cpus: z
        .number()
        .min(LIMITS.cpus.min)
        .max(LIMITS.cpus.max)
        // Below the minimum, that one finding says enough.
        .refine(
          (cpus) => cpus < LIMITS.cpus.min || Math.abs(Math.round(cpus * 100) - cpus * 100) < 1e-6,
          "CPUs in hundredths, such as 0.5 or 1.25",
        )
        .optional()
        .meta({
          description: `The CPUs ${what} may use, such as 0.5 or 2 (Docker's --cpus); at the limit it is slowed down, never stopped.${unlimited ? " When absent: no limit." : ""}`,
        }),
    })
    .refine((r) => r.swapMiB === undefined || r.memoryMiB !== undefined, {
      message: "swapMiB needs memoryMiB: swap is counted beyond a memory limit",
      path: ["swapMiB"],
    });
}

const sidecarDefault = (role: "snapshot" | "sync") =>
  `When absent, or for each field not given: ${DEFAULTS.sidecarResources[role].memoryMiB} MiB and ${DEFAULTS.sidecarResources[role].cpus} CPU, sized by measuring the sidecar with a 1 GiB database (docs/performance.md).`;

const resources = z.strictObject({
  backend: containerResources("the backend", true)
    .optional()
    .meta({ description: "The backend's limits. Size them with docs/operations.md." }),
  dashboard: containerResources("the dashboard", true).optional().meta({ description: "The dashboard's limits." }),
  proxy: containerResources("the front door", true)
    .optional()
    .meta({ description: "The front door's limits (Caddy, with a `proxy` section)." }),
  snapshot: containerResources("the snapshot sidecar", false)
    .optional()
    .meta({ description: `LocalPlusSync's snapshot sidecar (with SQLite). ${sidecarDefault("snapshot")}` }),
  sync: containerResources("the sync sidecar", false)
    .optional()
    .meta({ description: `LocalPlusSync's sync sidecar. ${sidecarDefault("sync")}` }),
});

const logging = z.strictObject({
  driver: z.enum(LOG_DRIVERS).default(DEFAULTS.logging.driver).meta({
    description:
      "Docker's logging driver: `json-file` (one JSON object per line) or `local` (Docker's compact format, rotated files compressed). Both are read by `docker logs`.",
  }),
  maxSizeMiB: z
    .number()
    .int()
    .min(LIMITS.logMaxSizeMiB.min)
    .max(LIMITS.logMaxSizeMiB.max)
    .default(DEFAULTS.logging.maxSizeMiB)
    .meta({ description: "The size, in MiB, at which a container's log file is rotated." }),
  maxFiles: z
    .number()
    .int()
    .min(LIMITS.logMaxFiles.min)
    .max(LIMITS.logMaxFiles.max)
    .default(DEFAULTS.logging.maxFiles)
    .meta({
      description:
        "How many log files are kept per container, the one being written included: a container's logs never hold much more than maxFiles x maxSizeMiB.",
    }),
});

/*
 * Where Terraform keeps the stack's state. Credentials are never fields here: Terraform, and everything
 * of this project that reads the state, takes them from the standard AWS environment or profile.
 */
const localState = z
  .strictObject({
    backend: z
      .literal("local")
      .meta({ description: "The file terraform.<name>.tfstate next to cdktf.out: one machine." }),
  })
  .meta({ title: "local" });

const s3State = z
  .strictObject({
    backend: z.literal("s3").meta({
      description: "An object in an S3 bucket, locked with Terraform's S3 lock file (use_lockfile). See docs/state.md.",
    }),
    bucket: z
      .string()
      .superRefine((name, ctx) => {
        const reason = formatProblem(FORMATS.bucketName, name);
        if (reason)
          ctx.addIssue({
            code: "custom",
            message: `not a valid S3 bucket name: ${reason}`,
            params: { fix: "choose 3-63 lowercase letters, digits, dots and dashes" },
          });
      })
      .meta({
        description: "An existing bucket, versioned (`npm run state-bucket` creates one).",
        examples: ["acme-convex-state"],
      }),
    region: keeping(FORMATS.gatewayRegion).meta({
      description: "The bucket's AWS region; with `endpoint`, the gateway's region (an RGW zonegroup name).",
      examples: ["eu-central-1"],
    }),
    endpoint: httpUrl.optional().meta({
      description: "An S3-compatible gateway (Ceph RGW, MinIO), addressed path-style. When absent: AWS S3.",
      examples: ["https://rgw.example.internal"],
    }),
    keyPrefix: keeping(FORMATS.syncPrefix).default(DEFAULT_STATE_KEY_PREFIX).meta({
      description: "Folder of the state objects: the state of workspace <name> is <keyPrefix>/<name>.tfstate.",
    }),
  })
  .superRefine((state, ctx) => {
    // Terraform's S3 backend checks an AWS region itself, but only once `terraform init` runs.
    if (state.endpoint === undefined && formatProblem(FORMATS.awsRegion, state.region)) {
      ctx.addIssue({
        code: "custom",
        path: ["region"],
        input: state.region,
        message: "not an AWS region, and without an endpoint the bucket is on AWS S3",
        params: { fix: `give ${FORMATS.awsRegion.allowed}, or the gateway's endpoint` },
      });
    }
  })
  .meta({ title: "s3" });

const state = z.discriminatedUnion("backend", [localState, s3State]);

/** Like a cdk-nag suppression: which rule's findings this workspace accepts, and why (see docs/rules.md). */
const acknowledgement = z.strictObject({
  rule: z.string().meta({
    description:
      "The id of the rule, as a finding names it. Rules that protect data or secrets cannot be acknowledged: docs/rules.md says which may be.",
  }),
  reason: z.string().min(20, "a reason of at least a sentence").meta({
    description:
      "Why what the rule finds is acceptable for this workspace, in at least a sentence: the next reader has only this.",
  }),
});

/**
 * The workspace file's schema, given the `storage` forms: the storage kinds' (storage-kinds/), which the app
 * composes (config/schema.ts), so that this file, below the kinds, names none of them.
 */
export function buildWorkspaceSchema(storage: StorageForms) {
  return z
    .strictObject({
      $schema: z.string().optional().meta({
        description:
          "The JSON Schema editors check this file against (this project's config/workspace.schema.json, by a relative path).",
      }),
      name: dnsLabel.meta({
        description:
          "Lowercase letters, digits and dashes. Names the stack and every Docker object: containers convex-<name>-backend and convex-<name>-dashboard, volume convex-<name>-data, network convex-<name>.",
        examples: ["team-a"],
      }),
      convex: convex.default(convex.parse({})).meta({ description: "The backend and dashboard images and settings." }),
      docker: docker.default({ host: DEFAULTS.dockerHost }).meta({ description: "Where the containers run." }),
      network: network
        .default(network.parse({}))
        .meta({ description: "Host ports, bind address, and the URLs clients use." }),
      proxy: proxy.optional().meta({
        description:
          "A front door: a Caddy container that serves the three `network.publicUrls` over HTTPS, with certificates obtained automatically, and keeps the backend's and dashboard's own ports on this host. See docs/front-door.md.",
      }),
      storage: storage.schema.default(storage.default).meta({
        description: `Where the backend keeps its files (uploads, deployed modules, search indexes, exports, snapshot imports): one of the strategies ${storage.kinds.join(", ")}, by \`kind\`. See docs/storage.md.`,
      }),
      database: database
        .default({ kind: "sqlite" })
        .meta({ description: "Where the backend keeps its tables, by `kind`. See docs/databases.md." }),
      volume: volume.default(volume.parse({})).meta({ description: "The data volume (/convex/data)." }),
      resources: resources.default({}).meta({
        description:
          "Memory and CPU limits per container. The backend and the dashboard have none unless set here; the sidecars have measured defaults. A change replaces the container. See docs/operations.md.",
        examples: [{ backend: { memoryMiB: 4096, cpus: 2 }, sync: { memoryMiB: 512 } }],
      }),
      logging: logging.default(logging.parse({})).meta({
        description:
          "How every container's logs are kept on the Docker host: rotated files of a bounded size, read with `docker logs`. See docs/operations.md.",
      }),
      state: state.default({ backend: "local" }).meta({
        description:
          "Where Terraform keeps the stack's state, by `backend`: a local file, or an S3 bucket shared by a team, with a lock. See docs/state.md.",
      }),
      acknowledge: z
        .array(acknowledgement)
        .default([])
        .meta({
          description:
            "Rules whose findings this workspace accepts, each with a reason: validate and synthesis then go on, and the doctor shows the finding with the reason. See docs/rules.md for which rules may be acknowledged.",
          examples: [
            [
              {
                rule: "pinned-version",
                reason: "A throw-away preview workspace that should always run the newest image.",
              },
            ],
          ],
        }),
    })
    .meta({
      title: "convex-stack workspace",
      description: "One deployment of the Convex self-hosted backend and dashboard on Docker. Only `name` is required.",
    });
}

/** The `storage` block's forms, one per storage kind, told apart by `kind`, and the block a file without one gets. */
export interface StorageForms {
  readonly schema: StorageSchema;
  /** The kinds, in the order of the forms. */
  readonly kinds: readonly string[];
  readonly default: StorageConfig;
}

/** The `storage` block's schema: what code outside a kind's folder sees of a block is StorageConfig. */
export type StorageSchema = z.ZodType<StorageConfig, StorageFile>;

/** A `storage` block as code outside its kind's folder sees it: the kind names the folder that knows the rest. */
export interface StorageConfig {
  readonly kind: string;
}

/** A `storage` block as a file gives it. */
interface StorageFile {
  readonly kind: string;
  readonly [field: string]: unknown;
}

export type WorkspaceFile = z.input<ReturnType<typeof buildWorkspaceSchema>>;
export type Workspace = z.output<ReturnType<typeof buildWorkspaceSchema>>;
type StateConfig = Workspace["state"];
export type S3StateConfig = Extract<StateConfig, { backend: "s3" }>;
