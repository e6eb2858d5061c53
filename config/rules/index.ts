import type { CrossWorkspaceRule, WorkspaceRule } from "./rule";
import { noCollisionsBetweenWorkspaces, portsDistinctWithinWorkspace } from "./port-collisions";

export type { CrossWorkspaceRule, WorkspaceRule } from "./rule";

/** Every per-workspace rule, in the order the README's catalogue lists them. */
export const WORKSPACE_RULES: readonly WorkspaceRule[] = [portsDistinctWithinWorkspace];

export const CROSS_WORKSPACE_RULES: readonly CrossWorkspaceRule[] = [noCollisionsBetweenWorkspaces];
