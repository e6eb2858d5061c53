import { type Buckets, type PublicUrls, type ResourceNames, type VolumeFingerprint } from "../constructs/domain";
import type { StorageKind } from "./storage-kind";
import type { Workspace } from "./workspace-schema";

/** A workspace with every default and derivation applied: what the stack is built from. */
export interface ResolvedWorkspace {
  readonly file: string;
  readonly config: Workspace;
  readonly name: string;
  readonly instanceName: string;
  readonly urls: PublicUrls;
  readonly reachedThroughCoder: boolean;
  /** The kind of `config.storage`: what knows the rest of the block (storage-kinds/). */
  readonly storageKind: StorageKind;
  /** The five buckets the backend keeps its objects in, named or derived, for storage kinds that have them. */
  readonly buckets?: Buckets;
  readonly names: ResourceNames;
  /**
   * The fingerprint the data volume is labelled with, as the file asks for it: what validate, synthesis, the
   * doctor and restore compare with what is deployed (synthesis derives the same from the constructs).
   */
  readonly fingerprint: VolumeFingerprint;
}
