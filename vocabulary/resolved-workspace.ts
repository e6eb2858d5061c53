import type { Buckets, PublicUrls, ResourceNames } from "../constructs/domain";
import type { Workspace } from "./workspace-schema";

/** A workspace with every default and derivation applied: what the stack is built from. */
export interface ResolvedWorkspace {
  readonly file: string;
  readonly config: Workspace;
  readonly name: string;
  readonly instanceName: string;
  readonly urls: PublicUrls;
  readonly reachedThroughCoder: boolean;
  /** The five buckets the backend keeps its objects in, named or derived, for storage kinds that have them. */
  readonly buckets?: Buckets;
  readonly names: ResourceNames;
}
