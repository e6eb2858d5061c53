import type { Finding, FindingLevel } from "./findings";
import type { ResolvedWorkspace } from "./resolved-workspace";
import type { Workspace } from "./workspace-schema";

/*
 * Rules in the manner of cdk-nag: one file per rule, named after its id, exporting one object that carries
 * the rule's id, level and documentation next to its check. config/rules/index.ts registers the app's; a
 * storage kind's rules are in its folder and listed by its StorageKind (./storage-kind.ts); docs/rules.md is
 * generated from both. A check returns reports; whoever runs it adds the rule's id and level and the
 * workspace's file (config/rules/run.ts), so a check cannot get those wrong.
 */

/** What a check found: where, what is wrong and what breaks, and what to do. */
export interface Report {
  readonly path: string;
  readonly info: string;
  readonly fix: string;
}

/** A report about one of several workspaces: it names the file that has to change. */
export interface FileReport extends Report {
  readonly file: string;
}

/** The rule's row in docs/rules.md (markdown). */
interface RuleDoc {
  /** What the rule refuses (or, for a warning, says). */
  readonly finds: string;
  /** What it prevents: the upstream error where there is one, quoted. */
  readonly prevents: string;
  readonly fix: string;
  /**
   * Where the behaviour it relies on is written, so a reader can open it: an upstream file and lines at a
   * revision (of https://github.com/get-convex/convex-backend), a public URL, or a file of this repository.
   */
  readonly source: string;
}

/**
 * Where in the pipeline a rule runs, which is also the section of docs/rules.md it is listed in:
 * `file` on the file as written (before the schema), `schema` is the schema itself, `config` on the parsed
 * file before anything is derived (fields that must agree), `workspace` on one resolved workspace,
 * `cross-workspace` on all of them, `acknowledgements` after every rule, `deployed` against what is
 * deployed (the guards read the stacks' state and the Docker engine).
 */
export type RuleStage =
  "file" | "schema" | "config" | "workspace" | "cross-workspace" | "acknowledgements" | "deployed";

export interface RuleInfo {
  /** Names the rule in findings, in `acknowledge`, in docs/rules.md and in tests; its file is named after it. */
  readonly id: string;
  readonly stage: RuleStage;
  readonly level: FindingLevel;
  readonly doc: RuleDoc;
  /**
   * Why no acknowledgement can silence this rule: it protects data or secrets, or without it there is no
   * workspace to build. Absent: a workspace may acknowledge it, with a reason.
   */
  readonly cannotAcknowledge?: string;
}

/** A check of the file as written: it must see every value, also in unknown keys or of the wrong type. */
export interface FileRule extends RuleInfo {
  readonly stage: "file";
  check(raw: unknown): Report[];
}

/**
 * What a config rule may look at besides the file: the catalogue (for `acknowledge`). The environment's
 * values are in the file's config already (config/coder.ts, environmentValues).
 */
interface ConfigContext {
  readonly catalogue: readonly RuleInfo[];
}

/** Fields of the parsed file that must agree before anything can be derived from them. */
export interface ConfigRule extends RuleInfo {
  readonly stage: "config";
  check(config: Workspace, context: ConfigContext): Report[];
}

/** What a rule may look at besides the workspace: the environment validate or synthesis runs in. */
export interface RuleContext {
  readonly env: NodeJS.ProcessEnv;
}

export interface WorkspaceRule extends RuleInfo {
  readonly stage: "workspace";
  check(ws: ResolvedWorkspace, context: RuleContext): Report[];
}

/** A check that needs every workspace at once (shared Docker hosts, shared buckets). */
export interface CrossWorkspaceRule extends RuleInfo {
  readonly stage: "cross-workspace";
  check(workspaces: readonly ResolvedWorkspace[]): FileReport[];
}

/**
 * A rule about what is deployed: the guards (guards/) read it from the stacks' state and the Docker engine,
 * once for every workspace, and hand each rule what it judges.
 */
export interface DeployedRule<Observed> extends RuleInfo {
  readonly stage: "deployed";
  check(ws: ResolvedWorkspace, observed: Observed): Report[];
}

/** A rule about the workspace's `acknowledge` list, run after every other rule has spoken. */
export interface AcknowledgementsRule extends RuleInfo {
  readonly stage: "acknowledgements";
  /** `found`: every finding of the rules for this workspace's file, acknowledged or not. */
  check(ws: ResolvedWorkspace, found: readonly Finding[]): Report[];
}
