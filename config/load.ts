import { lstatSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { DEFAULT_WORKSPACES_DIR, WORKSPACES_DIR_ENV } from "../vocabulary/defaults";
import { type AcknowledgedFinding, type Finding, WorkspaceConfigError, formatFinding } from "../vocabulary/findings";
import { environmentValues } from "./coder";
import { resolveWorkspace } from "./resolve";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import { duplicateKeys } from "./rules/duplicate-keys";
import { jsonSyntax } from "./rules/json-syntax";
import { acknowledge, crossWorkspaceFindings, fileFindings, findingOf, workspaceRuleFindings } from "./rules/run";
import { workspaceFiles } from "./rules/workspace-files";
import { workspaceSchemaRule } from "./rules/workspace-schema";
import { MAX_WORKSPACE_FILE_BYTES, readTextFile } from "./text-file";
import { byCodeUnits } from "./code-unit-order";
import { workspaceSchema } from "./schema";
import { STORAGE_KINDS } from "./storage-kinds";
import type { StorageKinds } from "../vocabulary/storage-kinds";

export interface LoadOptions {
  /** A workspace file or a directory of them. @default $CONVEX_STACK_WORKSPACES, else config/workspaces */
  readonly path?: string;
  /** Several workspace files or directories, checked together (as `validate a.json b.json`). @default [path] */
  readonly paths?: readonly string[];
  /** The environment Coder fields and the workspaces directory are read from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Receives each warning (what works today and breaks later), formatted as formatFinding does.
   * @default ignore them
   */
  readonly warn?: (note: string) => void;
  /** The storage kinds the workspace files may use. @default STORAGE_KINDS, the app's */
  readonly kinds?: StorageKinds;
}

/** Where workspace files are read from when no path is given. */
export function workspacesPath(env: NodeJS.ProcessEnv = process.env): string {
  return env[WORKSPACES_DIR_ENV] || DEFAULT_WORKSPACES_DIR;
}

/** What the rules say about a set of workspaces: what stands (errors and warnings), and what the files acknowledge. */
export interface RuleFindings {
  readonly findings: Finding[];
  readonly acknowledged: AcknowledgedFinding[];
}

/**
 * Reads, validates and resolves every workspace, then runs every rule. Throws WorkspaceConfigError
 * listing every error of every file, or returns the workspaces sorted by name (stable synthesis order).
 */
export function loadWorkspaces(options: LoadOptions = {}): ResolvedWorkspace[] {
  const { workspaces, findings } = readWorkspaces(options);
  const errors = findings.filter((f) => f.level === "error");
  if (errors.length > 0) throw new WorkspaceConfigError(errors);
  if (options.warn) for (const warning of findings) options.warn(formatFinding(warning));
  return workspaces;
}

/**
 * For callers that report what the rules say instead of refusing (the doctor): throws WorkspaceConfigError
 * only for a file it cannot make a workspace of (unreadable, bad JSON, a secret in it, the schema, fields
 * that contradict each other), and returns the rules' findings next to the workspaces.
 */
export function loadWorkspacesWithFindings(
  options: LoadOptions = {},
): { workspaces: ResolvedWorkspace[] } & RuleFindings {
  const { workspaces, findings, acknowledged, structural } = readWorkspaces(options);
  if (structural.length > 0) throw new WorkspaceConfigError(structural);
  return { workspaces, findings, acknowledged };
}

/**
 * Every workspace that could be made, and every finding in file order (each file's structure, then its
 * rules; then the cross-workspace rules), acknowledgements applied.
 */
function readWorkspaces(
  options: LoadOptions,
): { workspaces: ResolvedWorkspace[]; structural: Finding[] } & RuleFindings {
  const env = options.env ?? process.env;
  const listed = listWorkspaceFiles(options.paths ?? [options.path ?? workspacesPath(env)]);
  if (listed.findings.length > 0) throw new WorkspaceConfigError(listed.findings);
  const structural: Finding[] = [];
  const workspaces: ResolvedWorkspace[] = [];
  const found = new Map<string, Finding[]>();
  for (const file of listed.files) {
    const read = readTextFile(file, MAX_WORKSPACE_FILE_BYTES);
    if (!read.ok) {
      structural.push(findingOf(workspaceFiles, file, workspaceFiles.unreadable(read.reason)));
      continue;
    }
    const result = parseWorkspaceStructure(file, read.text, env, options.kinds);
    structural.push(...result.findings);
    if (!result.workspace) continue;
    workspaces.push(result.workspace);
    found.set(file, workspaceRuleFindings(result.workspace, env));
  }
  for (const finding of crossWorkspaceFindings(workspaces)) found.get(finding.file)!.push(finding);
  const findings: Finding[] = [...structural];
  const acknowledged: AcknowledgedFinding[] = [];
  for (const ws of workspaces) {
    const result = acknowledge(ws, found.get(ws.file)!);
    findings.push(...result.findings);
    acknowledged.push(...result.acknowledged);
  }
  return { workspaces: workspaces.sort((a, b) => byCodeUnits(a.name, b.name)), structural, findings, acknowledged };
}

/** What the per-workspace rules say about one workspace (errors and warnings), its acknowledgements applied. */
export function workspaceFindings(ws: ResolvedWorkspace, env: NodeJS.ProcessEnv = process.env): RuleFindings {
  return acknowledge(ws, workspaceRuleFindings(ws, env));
}

/**
 * Parses one workspace file's text and runs every per-workspace rule; never throws for bad input. Returns
 * the workspace, or, when anything refuses it, the errors.
 */
export function parseWorkspace(
  file: string,
  text: string,
  env: NodeJS.ProcessEnv = process.env,
  kinds: StorageKinds = STORAGE_KINDS,
): { workspace?: ResolvedWorkspace; findings: Finding[] } {
  const resolved = parseWorkspaceStructure(file, text, env, kinds);
  if (!resolved.workspace) return resolved;
  const errors = workspaceFindings(resolved.workspace, env).findings.filter((f) => f.level === "error");
  return errors.length > 0 ? { findings: errors } : resolved;
}

/**
 * Parses one workspace file's text as far as a workspace can be made of it: JSON, the file rules (a
 * secret in the file, a template sequence), the schema, the config rules and resolution. The
 * per-workspace rules are not run.
 */
export function parseWorkspaceStructure(
  file: string,
  text: string,
  env: NodeJS.ProcessEnv = process.env,
  kinds: StorageKinds = STORAGE_KINDS,
): { workspace?: ResolvedWorkspace; findings: Finding[] } {
  const json = jsonSyntax.parse(text);
  if ("report" in json) return { findings: [findingOf(jsonSyntax, file, json.report)] };
  if (json.duplicates.length > 0)
    return { findings: duplicateKeys.check(json.duplicates).map((report) => findingOf(duplicateKeys, file, report)) };
  // Values the environment supplies are checked exactly as if the file held them.
  const { raw, fromEnvironment } = environmentValues(json.raw, env);
  const fromFileRules = fileFindings(file, raw);
  const parsed = workspaceSchemaRule.parse(raw, workspaceSchema(kinds));
  let result: { workspace?: ResolvedWorkspace; findings: Finding[] };
  if ("issues" in parsed || fromFileRules.length > 0) {
    // One finding per field: where a file rule spoke (a secret, a template, a retired field), the schema's adds nothing.
    const flagged = new Set(fromFileRules.map((finding) => finding.path));
    const schemaFindings = ("issues" in parsed ? parsed.issues : [])
      .filter(
        ({ report, unknownKeys }) =>
          !flagged.has(report.path) &&
          !unknownKeys?.every((key) => flagged.has(report.path ? `${report.path}.${key}` : key)),
      )
      .map(({ report }) => findingOf(workspaceSchemaRule, file, report));
    result = { findings: [...fromFileRules, ...schemaFindings] };
  } else {
    result = resolveWorkspace(file, parsed.config, kinds);
  }
  return { ...result, findings: result.findings.map((finding) => naming(finding, fromEnvironment)) };
}

/** A finding about a value that came from the environment says which variable to look at. */
function naming(finding: Finding, fromEnvironment: ReadonlyMap<string, string>): Finding {
  const variable = fromEnvironment.get(finding.path);
  if (!variable) return finding;
  return {
    ...finding,
    info: `${finding.info} (this value comes from ${variable} in the environment)`,
    fix: `${finding.fix}; or set ${finding.path} in the file to use another value`,
  };
}

/** The workspace files named by `paths` (each a file or a directory of *.json), each once, in order. */
function listWorkspaceFiles(paths: readonly string[]): { files: string[]; findings: Finding[] } {
  const files: string[] = [];
  const findings: Finding[] = [];
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
      else findings.push(findingOf(workspaceFiles, path, workspaceFiles.missing(WORKSPACES_DIR_ENV)));
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
    if (entries.length === 0) findings.push(findingOf(workspaceFiles, path, workspaceFiles.empty()));
    for (const entry of entries) add(relative(process.cwd(), entry) || entry);
  }
  return { files, findings };
}
