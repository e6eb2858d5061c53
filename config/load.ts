import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { DEFAULT_WORKSPACES_DIR, WORKSPACES_DIR_ENV } from "./defaults";
import { type Problem, WorkspaceConfigError, formatProblem, problemFromIssue } from "./problems";
import { resolveWorkspace, type ResolvedWorkspace } from "./resolve";
import { CROSS_WORKSPACE_RULES, FILE_RULES, WORKSPACE_RULES, WORKSPACE_WARNINGS } from "./rules";
import { workspaceSchema } from "./schema";

export interface LoadOptions {
  /** A workspace file or a directory of them. @default $CONVEX_STACK_WORKSPACES, else config/workspaces */
  readonly path?: string;
  /** The environment Coder fields and the workspaces directory are read from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Receives each warning of the rules in WORKSPACE_WARNINGS (what works today and breaks later), as
   * `<file>: <field>: <message>`.
   * @default ignore them
   */
  readonly warn?: (note: string) => void;
}

/** Where workspace files are read from when no path is given. */
export function workspacesPath(env: NodeJS.ProcessEnv = process.env): string {
  return env[WORKSPACES_DIR_ENV] || DEFAULT_WORKSPACES_DIR;
}

/** A refusal by one of the rules in config/rules/, with the rule's id (its name in the catalogue, docs/rules.md). */
export interface RuleFinding {
  readonly rule: string;
  readonly problem: Problem;
}

/**
 * Reads, validates and resolves every workspace, then runs every rule. Throws WorkspaceConfigError
 * listing all problems of all files, or returns the workspaces sorted by name (stable synthesis order).
 */
export function loadWorkspaces(options: LoadOptions = {}): ResolvedWorkspace[] {
  const { workspaces, problems } = readWorkspaces(options);
  if (problems.length > 0) throw new WorkspaceConfigError(problems.map((p) => p.problem));
  if (options.warn) for (const ws of workspaces) for (const warning of workspaceWarnings(ws, options.env ?? process.env)) options.warn(formatProblem(warning.problem));
  return workspaces;
}

/**
 * For callers that report what the rules say instead of refusing (the doctor): throws WorkspaceConfigError
 * only for a file it cannot make a workspace of (bad JSON, a secret in it, the schema, resolution), and
 * returns the rule findings next to the workspaces.
 */
export function loadWorkspacesWithFindings(options: LoadOptions = {}): { workspaces: ResolvedWorkspace[]; findings: RuleFinding[] } {
  const { workspaces, problems } = readWorkspaces(options);
  const structural = problems.filter((p) => p.rule === undefined).map((p) => p.problem);
  if (structural.length > 0) throw new WorkspaceConfigError(structural);
  return { workspaces, findings: problems as RuleFinding[] };
}

/**
 * Every workspace that could be resolved, and every problem in file order (each file's structure, then
 * its rules; then the cross-workspace rules). A problem without `rule` is one of the structure.
 */
function readWorkspaces(options: LoadOptions): { workspaces: ResolvedWorkspace[]; problems: { rule?: string; problem: Problem }[] } {
  const env = options.env ?? process.env;
  const files = listWorkspaceFiles(options.path ?? workspacesPath(env));
  const problems: { rule?: string; problem: Problem }[] = [];
  const workspaces: ResolvedWorkspace[] = [];
  for (const file of files) {
    const result = parseWorkspaceStructure(file, readFileSync(file, "utf8"), env);
    problems.push(...result.problems.map((problem) => ({ problem })));
    if (!result.workspace) continue;
    workspaces.push(result.workspace);
    problems.push(...workspaceRuleFindings(result.workspace, env));
  }
  for (const rule of CROSS_WORKSPACE_RULES) problems.push(...rule.check(workspaces).map((problem) => ({ rule: rule.id, problem })));
  return { workspaces: workspaces.sort((a, b) => byCodeUnits(a.name, b.name)), problems };
}

/**
 * Code-unit order, not localeCompare: names are lowercase letters, digits and dashes, which both orders
 * rank alike ('-' < digits < letters), but the first localeCompare of a process loads ICU's collator,
 * which only synthesis of several workspaces paid for (docs/performance.md). This order also cannot vary
 * with the locale.
 */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What the warning rules (WORKSPACE_WARNINGS) say about one resolved workspace. */
export function workspaceWarnings(ws: ResolvedWorkspace, env: NodeJS.ProcessEnv = process.env): RuleFinding[] {
  return WORKSPACE_WARNINGS.flatMap((rule) => rule.check(ws, { env }).map((problem) => ({ rule: rule.id, problem })));
}

/** What every per-workspace rule says about one resolved workspace, in the catalogue's order. */
export function workspaceRuleFindings(ws: ResolvedWorkspace, env: NodeJS.ProcessEnv = process.env): RuleFinding[] {
  return WORKSPACE_RULES.flatMap((rule) => rule.check(ws, { env }).map((problem) => ({ rule: rule.id, problem })));
}

/** Parses one workspace file's text and runs every rule; never throws for bad input, returns its problems instead. */
export function parseWorkspace(
  file: string,
  text: string,
  env: NodeJS.ProcessEnv = process.env,
): { workspace?: ResolvedWorkspace; problems: Problem[] } {
  const resolved = parseWorkspaceStructure(file, text, env);
  if (!resolved.workspace) return resolved;
  const problems = workspaceRuleFindings(resolved.workspace, env).map((f) => f.problem);
  return problems.length > 0 ? { problems } : resolved;
}

/**
 * Parses one workspace file's text as far as a workspace can be made of it: JSON, the file rules (a
 * secret in the file), the schema and resolution. The per-workspace rules are not run.
 */
export function parseWorkspaceStructure(
  file: string,
  text: string,
  env: NodeJS.ProcessEnv = process.env,
): { workspace?: ResolvedWorkspace; problems: Problem[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { problems: [{ file, path: "", message: `is not valid JSON (${jsonSyntaxError(error, text)}); fix the syntax` }] };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { problems: [{ file, path: "", message: "must hold one JSON object, the workspace" }] };
  }
  const fileProblems = FILE_RULES.flatMap((rule) => rule.check(file, raw));
  const parsed = workspaceSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success || fileProblems.length > 0) {
    // One problem per field: where a file rule spoke (a secret), the schema's message adds nothing.
    const flagged = new Set(fileProblems.map((problem) => problem.path));
    const schemaProblems = parsed.success ? [] : parsed.error.issues.map((issue) => problemFromIssue(file, issue, raw));
    return { problems: [...fileProblems, ...schemaProblems.filter((problem) => !flagged.has(problem.path))] };
  }
  return resolveWorkspace(file, parsed.data, env);
}

/**
 * JSON.parse's message without the snippet of the file V8 quotes (it could be a secret), with the
 * line and column instead of a character offset.
 */
function jsonSyntaxError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message.replace(/, ".*is not valid JSON$/s, "").replace(/ in JSON at position \d+.*$/s, "");
  const position = /at position (\d+)/.exec(message);
  if (!position) return reason;
  const before = text.slice(0, Number(position[1]));
  const line = before.split("\n").length;
  return `${reason} at line ${line}, column ${before.length - before.lastIndexOf("\n")}`;
}

function listWorkspaceFiles(path: string): string[] {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new WorkspaceConfigError([
      { file: path, path: "", message: `does not exist; point ${WORKSPACES_DIR_ENV} (or the argument) at a workspace file or a directory of them` },
    ]);
  }
  if (!stats.isDirectory()) return [path];
  const files = readdirSync(path)
    .filter((entry) => entry.endsWith(".json"))
    .sort()
    .map((entry) => join(path, entry));
  if (files.length === 0) {
    throw new WorkspaceConfigError([{ file: path, path: "", message: "holds no *.json workspace file; add one (see config/workspaces/local.json)" }]);
  }
  return files.map((file) => relative(process.cwd(), file) || file);
}
