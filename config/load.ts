import { lstatSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { DEFAULT_WORKSPACES_DIR, WORKSPACES_DIR_ENV } from "./defaults";
import { readJson } from "./json-reader";
import { type Problem, WorkspaceConfigError, describeKey, formatProblem, pathOf, problemFromIssue } from "./problems";
import { environmentValues, resolveWorkspace, type ResolvedWorkspace } from "./resolve";
import { CROSS_WORKSPACE_RULES, FILE_RULES, WORKSPACE_RULES, WORKSPACE_WARNINGS } from "./rules";
import { workspaceSchema } from "./schema";
import { MAX_WORKSPACE_FILE_BYTES, readTextFile } from "./text-file";

export interface LoadOptions {
  /** A workspace file or a directory of them. @default $CONVEX_STACK_WORKSPACES, else config/workspaces */
  readonly path?: string;
  /** Several workspace files or directories, checked together (as `validate a.json b.json`). @default [path] */
  readonly paths?: readonly string[];
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
  const listed = listWorkspaceFiles(options.paths ?? [options.path ?? workspacesPath(env)]);
  if (listed.problems.length > 0) throw new WorkspaceConfigError(listed.problems);
  const problems: { rule?: string; problem: Problem }[] = [];
  const workspaces: ResolvedWorkspace[] = [];
  for (const file of listed.files) {
    const read = readTextFile(file, MAX_WORKSPACE_FILE_BYTES);
    if (!read.ok) {
      problems.push({ problem: { file, path: "", message: read.reason } });
      continue;
    }
    const result = parseWorkspaceStructure(file, read.text, env);
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
  const json = readJson(text);
  if (!json.ok) {
    return { problems: [{ file, path: "", message: `is not valid JSON (${json.reason} at line ${json.position.line}, column ${json.position.column}); fix the syntax` }] };
  }
  if (json.duplicates.length > 0) {
    // JSON readers keep the last of two equal keys: what the file means is not what it says.
    return {
      problems: json.duplicates.map((d) => ({
        file,
        path: pathOf([...d.objectPath, describeKey(d.key) === `"${d.key}"` ? d.key : "(a key)"]),
        message:
          `is given twice in one object, at line ${d.first.line} and at line ${d.second.line}: a JSON reader keeps only the last and silently drops the first ` +
          `(a whole block can vanish that way). Keep one of them`,
      })),
    };
  }
  if (typeof json.value !== "object" || json.value === null || Array.isArray(json.value)) {
    return { problems: [{ file, path: "", message: "must hold one JSON object, the workspace" }] };
  }
  // Values the environment supplies are checked exactly as if the file held them.
  const { raw, fromEnvironment } = environmentValues(json.value, env);
  const fileProblems = FILE_RULES.flatMap((rule) => rule.check(file, raw));
  const parsed = workspaceSchema.safeParse(raw, { reportInput: true });
  let problems: Problem[] = [];
  if (!parsed.success || fileProblems.length > 0) {
    // One problem per field: where a file rule spoke (a secret), the schema's message adds nothing.
    const flagged = new Set(fileProblems.map((problem) => problem.path));
    const schemaProblems = parsed.success ? [] : parsed.error.issues.map((issue) => problemFromIssue(file, issue, raw));
    problems = [...fileProblems, ...schemaProblems.filter((problem) => !flagged.has(problem.path))];
  }
  const result = problems.length > 0 || !parsed.success ? { problems } : resolveWorkspace(file, parsed.data);
  return { ...result, problems: result.problems.map((problem) => naming(problem, fromEnvironment)) };
}

/** A problem with a value that came from the environment says which variable to look at. */
function naming(problem: Problem, fromEnvironment: ReadonlyMap<string, string>): Problem {
  const variable = fromEnvironment.get(problem.path);
  if (!variable) return problem;
  return { ...problem, message: `${problem.message} (this value comes from ${variable} in the environment; set ${problem.path} in the file to use another)` };
}

/** The workspace files named by `paths` (each a file or a directory of *.json), each once, in order. */
function listWorkspaceFiles(paths: readonly string[]): { files: string[]; problems: Problem[] } {
  const files: string[] = [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    if (seen.has(resolve(file))) return;
    seen.add(resolve(file));
    files.push(file);
  };
  for (const path of paths) {
    const stats = statSync(path, { throwIfNoEntry: false });
    if (!stats) {
      // A dangling symbolic link: the reader says where it points.
      if (lstatSync(path, { throwIfNoEntry: false })) add(path);
      else problems.push({ file: path, path: "", message: `does not exist; point ${WORKSPACES_DIR_ENV} (or the argument) at a workspace file or a directory of them` });
      continue;
    }
    if (!stats.isDirectory()) {
      add(path);
      continue;
    }
    const entries = readdirSync(path)
      .filter((entry) => entry.endsWith(".json"))
      .sort()
      .map((entry) => join(path, entry));
    if (entries.length === 0) {
      problems.push({ file: path, path: "", message: "holds no *.json workspace file; add one (see config/workspaces/local.json)" });
    }
    for (const entry of entries) add(relative(process.cwd(), entry) || entry);
  }
  return { files, problems };
}
