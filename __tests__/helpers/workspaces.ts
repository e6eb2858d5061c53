import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { loadWorkspaces, parseWorkspace, parseWorkspaceStructure } from "../../config/load";
import { type Finding, WorkspaceConfigError } from "../../vocabulary/findings";
import type { ResolvedWorkspace } from "../../vocabulary/resolved-workspace";
import type { WorkspaceFile } from "../../vocabulary/workspace-schema";
import { WorkspaceStack } from "../../stacks/workspace-stack";
import type { StorageKinds } from "../../vocabulary/storage-kinds";
import { tempDir } from "./temp";

/**
 * Parses a workspace object as if read from `file`, by an app built from `kinds` (the app's own by default);
 * fails the test with its problems if it is refused.
 */
export function workspace(file: WorkspaceFile, env: NodeJS.ProcessEnv = {}, kinds?: StorageKinds): ResolvedWorkspace {
  return accepted(parseWorkspace(`${file.name}.json`, JSON.stringify(file), env, kinds));
}

function accepted(result: { workspace?: ResolvedWorkspace; findings: Finding[] }): ResolvedWorkspace {
  if (!result.workspace)
    throw new Error(
      `workspace refused:\n${result.findings.map((f) => `${f.path}: ${f.info} (fix: ${f.fix})`).join("\n")}`,
    );
  return result.workspace;
}

/** The errors a workspace object gets (empty when accepted). */
export function problemsOf(file: unknown, env: NodeJS.ProcessEnv = {}, kinds?: StorageKinds): Finding[] {
  return parseWorkspace("ws.json", JSON.stringify(file), env, kinds).findings;
}

/** What a finding says, info and fix, for tests that look for a fragment in either. */
export function textOf(finding: Finding): string {
  return `${finding.info} / ${finding.fix}`;
}

/** A stack's cdk.tf.json, in the parts tests read. */
export interface SynthesizedJson {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  variable?: Record<string, Record<string, unknown>>;
  output: Record<string, { value: unknown }>;
  provider: Record<string, Record<string, unknown>[]>;
  terraform: Record<string, unknown>;
}

export interface SynthesizedStack {
  readonly json: string;
  readonly tf: SynthesizedJson;
}

/** Synthesizes a workspace's stack exactly as main.ts does. */
export function synth(ws: ResolvedWorkspace): SynthesizedStack {
  const app = Testing.app();
  const stack = new WorkspaceStack(app, ws);
  const json = Testing.synth(stack);
  return { json, tf: JSON.parse(json) as SynthesizedJson };
}

/** All resources of one type, by name (e.g. docker_container -> convex-local-backend). */
export function byName(stack: SynthesizedStack, type: string): Record<string, Record<string, unknown>> {
  const resources = stack.tf.resource[type] ?? {};
  return Object.fromEntries(Object.values(resources).map((r) => [r.name as string, r]));
}

/** A container's environment as a map. */
export function envOf(stack: SynthesizedStack, containerName: string): Record<string, string> {
  const container = byName(stack, "docker_container")[containerName];
  if (!container) throw new Error(`no container ${containerName}`);
  return Object.fromEntries(
    (container.env as string[]).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
  );
}

/** A workspace as the doctor loads it: the structure must hold, the rules are left for the doctor to report. */
export function workspaceIgnoringRules(file: WorkspaceFile, env: NodeJS.ProcessEnv = {}): ResolvedWorkspace {
  return accepted(parseWorkspaceStructure(`${file.name}.json`, JSON.stringify(file), env));
}

/** The findings loadWorkspaces reports for a folder of these files (each a string or raw bytes, written as given). */
export function loadProblems(files: Record<string, string | Buffer>): Finding[] {
  const dir = tempDir("workspaces-");
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  try {
    loadWorkspaces({ path: dir, env: {} });
    return [];
  } catch (error) {
    if (error instanceof WorkspaceConfigError) return [...error.findings];
    throw error;
  }
}
