import type { Problem } from "../problems";
import type { ResolvedWorkspace } from "../resolve";

/** A check of one workspace. `id` names the rule in the README's catalogue and in tests. */
export interface WorkspaceRule {
  readonly id: string;
  check(workspace: ResolvedWorkspace): Problem[];
}

/** A check that needs every workspace at once (shared Docker hosts). */
export interface CrossWorkspaceRule {
  readonly id: string;
  check(workspaces: readonly ResolvedWorkspace[]): Problem[];
}
