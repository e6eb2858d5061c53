import type { z } from "zod";
import type * as Library from "../constructs";
import type { Buckets, IStorageStrategy, SecretName, SecretVariables } from "../constructs";
import type { BucketPurpose } from "../constructs/domain";
import type { ResolvedWorkspace } from "./resolved-workspace";
import type { Report, RuleContext, RuleInfo } from "./rule";
import type { StorageConfig, Workspace } from "./workspace-schema";
import type { CheckResult } from "../probes/check";

/*
 * A storage kind is one folder of storage-kinds/: its part of the workspace file's schema, how a workspace
 * of the kind maps onto a strategy of the construct library, the fingerprint it gives the data volume, its
 * buckets, its rules and its doctor checks. Each folder defines one StorageKind; the app is built from a
 * list of them (config/storage-kinds.ts, made with ./storage-kinds.ts). The schema's `storage` union,
 * resolution and the rule catalogue go through the list; a resolved workspace carries its kind, and the
 * rules, synthesis, the doctor and `npm run restore` ask that kind. None of them names a kind.
 */

/** The construct library's root entry point (constructs/index.ts), as a module. */
type ConstructLibrary = typeof Library;

/** What mapping a workspace onto its strategy may use. */
interface StrategyContext {
  readonly workspace: ResolvedWorkspace;
  /** The stack's sensitive variables: a strategy's secrets are declared on first use. */
  readonly secrets: SecretVariables;
  /**
   * The construct library, handed in by the stack (stacks/storage-for-workspace.ts). validate and the doctor
   * load every storage kind too and must not load cdktf, so a kind imports the library's types only.
   */
  readonly library: ConstructLibrary;
}

/** What a kind's doctor checks may use. */
export interface DoctorContext {
  readonly workspace: ResolvedWorkspace;
  /** Where the deploy's secrets are read from (the TF_VAR_ variables). */
  readonly env: NodeJS.ProcessEnv;
}

/** The part of the volume's fingerprint the storage decides, as a strategy of the library states it (mode and location). */
export type StorageFingerprint = Pick<IStorageStrategy, "mode" | "location">;

interface BucketUseBase {
  /** The field the name comes from; for a derived name, the field it is derived from. */
  readonly path: string;
  readonly bucket: string;
  /** That field's value: the name itself, or what it is derived from. */
  readonly given: string;
  readonly derived: boolean;
  /** The S3 service, in one spelling (constructs/domain s3ServiceIdentity). */
  readonly service: string;
}

/** A bucket the backend keeps its objects of one purpose in. */
export interface BackendBucket extends BucketUseBase {
  readonly use: "backend";
  readonly purpose: BucketPurpose;
}

/** A bucket a copy of the workspace's files lands in, in a folder of its own. */
export interface CopyBucket extends BucketUseBase {
  readonly use: "copy";
  /** The folder in the bucket, without slashes at either end. */
  readonly folder: string;
  /** The field the folder comes from (or would, when it is the default). */
  readonly folderPath: string;
}

/** An S3 bucket a workspace names: rules bucket-names-valid, sync-target-not-shared and no-shared-data-stores compare them. */
export type BucketUse = BackendBucket | CopyBucket;

/** What a kind's storage needs of the backend image's date (rules image-has-s3-switches and undated-revision). */
interface ImageRequirement {
  /** The first date (YYYY-MM-DD) of an image that has what is needed. */
  readonly since: string;
  /** What an older image does instead. */
  readonly why: string;
}

/** Where a kind keeps snapshots of the database and a copy of the files that `npm run restore` reads. */
export interface SnapshotSource {
  readonly bucket: string;
  /** The folder the files are copied into; the snapshots are under it. */
  readonly prefix: string;
  /** @default AWS S3 */
  readonly endpoint?: string;
  readonly region: string;
  readonly pathStyle: boolean;
  /** The sensitive variables holding the keys that read it, as the deploy passes them. */
  readonly keys: { readonly accessKeyId: SecretName; readonly secretAccessKey: SecretName };
}

/** A service a kind's containers connect to, as the workspace file gives it. */
interface ContainerEndpoint {
  /** The field that gives it. */
  readonly path: string;
  readonly url: string;
  /** The container that connects to it, as messages name it ("the backend", "the sync sidecar"). */
  readonly container: string;
}

/** A rule of one or more kinds on the parsed file, before anything is derived (stage "config"). */
export interface StorageConfigRule<S extends StorageConfig> extends RuleInfo {
  readonly stage: "config";
  check(storage: S, config: Workspace): Report[];
}

/** A rule of one or more kinds on a resolved workspace (stage "workspace"). */
export interface StorageWorkspaceRule<S extends StorageConfig> extends RuleInfo {
  readonly stage: "workspace";
  check(storage: S, ws: ResolvedWorkspace, context: RuleContext): Report[];
}

export type StorageRule<S extends StorageConfig> = StorageConfigRule<S> | StorageWorkspaceRule<S>;

/**
 * One storage kind. `S` is its `storage` block as the schema parses it; every method receives a block its
 * own schema parsed (a workspace's storage goes only to the kind its `kind` names).
 */
export interface StorageKind<S extends StorageConfig = StorageConfig> {
  /** `storage.kind` in a workspace file, and the name of the library's strategy. */
  readonly kind: string;
  /** Its form of the `storage` block: a strict object whose `kind` is the literal above, with descriptions. */
  readonly schema: z.ZodObject;
  /** The five buckets the backend keeps its objects in, named or derived (rules have checked the fields). @default none */
  buckets?(storage: S): Buckets;
  /** The storage mode and location the backend records on the data volume. */
  fingerprint(storage: S): StorageFingerprint;
  /** Every S3 bucket the workspace names. @default none */
  bucketUses?(storage: S, ws: ResolvedWorkspace): BucketUse[];
  /** What the storage needs of the image's date. @default nothing */
  imageRequirement?(storage: S): ImageRequirement | undefined;
  /** The rules only workspaces of this kind are checked by (a rule may belong to several kinds). */
  readonly rules: readonly StorageRule<S>[];
  /** The library's strategy for the block. */
  strategy(storage: S, context: StrategyContext): IStorageStrategy;
  /** The doctor's `storage:` rows, against the real store. Loads what it needs (the AWS SDK) only when called. */
  doctor(storage: S, context: DoctorContext): Promise<CheckResult[]>;
  /** The services its containers connect to by URL (an S3 gateway, a sync target). @default none */
  containerEndpoints?(storage: S): ContainerEndpoint[];
  /** Where `npm run restore` finds snapshots. @default none: the kind keeps none */
  snapshots?(storage: S, ws: ResolvedWorkspace): SnapshotSource;
}
