import type { ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import type { Environment } from "../environment";
import type { ConvexDataVolume } from "../data-volume";
import type { Database } from "../database";
import type { ConvexNetwork } from "../network";

/** What a strategy can attach to: the deployment's shared pieces and settings. */
export interface StorageBindContext {
  /** Prefix for Docker object names, e.g. `convex-<workspace>`. */
  readonly namePrefix: string;
  readonly network: ConvexNetwork;
  readonly dataVolume: ConvexDataVolume;
  readonly instanceName: string;
  /** Give resources that hold data (provisioned buckets) Terraform prevent_destroy, as the data volume has. */
  readonly protectFromDestroy: boolean;
  /** The backend's database, for strategies that back it up (LocalPlusSync snapshots SQLite only). @default Database.sqlite() */
  readonly database?: Database;
  /** The backend's image tag (an upstream revision), recorded with backups. @default not recorded */
  readonly backendVersion?: string;
}

/** A value worth a stack output, e.g. the ARN of a provisioned IAM policy. */
export interface StorageOutput {
  readonly value: string;
  readonly description: string;
}

export interface StorageBinding {
  /** Variables only the backend container receives. */
  readonly backendEnvironment: Environment;
  /**
   * Stack outputs by name (WorkspaceStack emits them).
   * @default {}
   */
  readonly outputs?: Readonly<Record<string, StorageOutput>>;
  /**
   * Resources the backend container must wait for (provisioned buckets and their settings).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * Where the backend keeps its files. Each strategy is one file in this folder; `bind` may add resources
 * (buckets, a sync sidecar) under `scope` and returns what the backend needs.
 */
export interface IStorageStrategy {
  /** The workspace file's `storage.kind` for this strategy. */
  readonly kind: string;
  /** What the backend records in its database on first boot (and refuses to change later). */
  readonly mode: "local" | "s3";
  /** Where the files live: "volume", or endpoint, region and buckets (see constructs/domain/fingerprint.ts). */
  readonly location: string;
  bind(scope: Construct, context: StorageBindContext): StorageBinding;
}
