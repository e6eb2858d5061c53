import type { Problem } from "../problems";
import type { ResolvedWorkspace } from "../resolve";

/** What a rule may look at besides the workspace: the environment validate or synthesis runs in. */
export interface RuleContext {
  readonly env: NodeJS.ProcessEnv;
}

/** A check of one workspace. `id` names the rule in the catalogue (docs/rules.md) and in tests. */
export interface WorkspaceRule {
  readonly id: string;
  check(workspace: ResolvedWorkspace, context: RuleContext): Problem[];
}

/** A check that needs every workspace at once (shared Docker hosts, shared buckets). */
export interface CrossWorkspaceRule {
  readonly id: string;
  check(workspaces: readonly ResolvedWorkspace[]): Problem[];
}

/**
 * A check of the file as written, before the schema: it must see every value, also those in unknown
 * keys or of the wrong type, and run before any message could quote them.
 */
export interface FileRule {
  readonly id: string;
  check(file: string, raw: unknown): Problem[];
}
