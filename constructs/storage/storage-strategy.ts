import type { ITerraformDependable, Precondition } from "cdktf";
import type { Construct } from "constructs";
import type { ConvexDataVolume } from "../data-volume";
import type { Database } from "../database";
import type { ConvexNetwork } from "../network";

/** What a strategy can attach to: the deployment's shared pieces and settings. */
export interface StorageBindContext {
  /** Prefix for Docker object names, e.g. `convex-<workspace>`. */
  readonly namePrefix: string;
  /** The deployment's network, for sidecars that talk to a store. */
  readonly network: ConvexNetwork;
  /** The backend's data volume, for sidecars that read the files or the database. */
  readonly dataVolume: ConvexDataVolume;
  /** INSTANCE_NAME of the backend. */
  readonly instanceName: string;
  /** Give resources that hold data (provisioned buckets) Terraform prevent_destroy, as the data volume has. */
  readonly protectFromDestroy: boolean;
  /** The backend's database, for strategies that back it up (LocalPlusSync snapshots SQLite only). @default Database.sqlite() */
  readonly database?: Database;
  /** The backend's image tag (an upstream revision), recorded with backups. @default not recorded */
  readonly backendVersion?: string;
}

/** A value worth a stack output (`new TerraformOutput(stack, name, output)`), e.g. the ARN of a provisioned IAM policy. */
export interface DeploymentOutput {
  /** A string, or a map of strings (such as the variables a frontend's .env.local needs). */
  readonly value: string | Readonly<Record<string, string>>;
  /** What the value is and what to do with it, for `terraform output`. */
  readonly description: string;
}

/** What a strategy's `bind` returns: what the backend needs of the storage, and what the deployment outputs. */
export interface StorageBinding {
  /** The strategy's `mode`: the backend records it on the data volume. */
  readonly mode: "local" | "s3";
  /** The strategy's `location`: the backend records it on the data volume. */
  readonly location: string;
  /** Variables only the backend container receives; an undefined value is not emitted (never an empty one). */
  readonly backendEnvironment: Readonly<Record<string, string | undefined>>;
  /**
   * Stack outputs by name (ConvexDeployment's `storage.outputs`; emit them as TerraformOutputs).
   * @default {}
   */
  readonly outputs?: Readonly<Record<string, DeploymentOutput>>;
  /**
   * Resources the backend container must wait for (provisioned buckets and their settings).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
  /**
   * Checks of props given as tokens, which only Terraform can read: the backend container runs them at plan.
   * @default []
   */
  readonly preconditions?: readonly Precondition[];
}

/**
 * Where the backend keeps its files. Each strategy is one file in this folder; `bind` may add resources
 * (buckets, a sync sidecar) under `scope` and returns what the backend needs.
 */
export interface IStorageStrategy {
  /** The strategy's name, e.g. "LocalStorage". */
  readonly kind: string;
  /** What the backend records in its database on first boot (and refuses to change later). */
  readonly mode: "local" | "s3";
  /** Where the files live: "volume", or endpoint, region and buckets (see constructs/domain/fingerprint.ts). */
  readonly location: string;
  /** Adds what the strategy needs under `scope` (buckets, sidecars) and returns what the backend needs. */
  bind(scope: Construct, context: StorageBindContext): StorageBinding;
}
