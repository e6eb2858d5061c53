import type { AcknowledgedFinding, Finding } from "../../vocabulary/findings";
import type { ResolvedWorkspace } from "../../vocabulary/resolved-workspace";
import type { Workspace } from "../../vocabulary/workspace-schema";
import type { StorageKind } from "../../vocabulary/storage-kind";
import type { StorageKinds } from "../../vocabulary/storage-kinds";
import {
  ACKNOWLEDGEMENTS_RULES,
  CONFIG_RULES,
  CROSS_WORKSPACE_RULES,
  FILE_RULES,
  WORKSPACE_RULES,
  catalogue,
} from "./index";
import type { FileReport, Report, RuleInfo } from "../../vocabulary/rule";

/** A report as a finding: the rule's id and level, the file. The one place findings are made. */
export function findingOf(rule: RuleInfo, file: string, report: Report): Finding {
  return { rule: rule.id, file, path: report.path, level: rule.level, info: report.info, fix: report.fix };
}

export function fileFindings(file: string, raw: unknown): Finding[] {
  return FILE_RULES.flatMap((rule) => rule.check(raw).map((report) => findingOf(rule, file, report)));
}

/** The config rules, then those of the file's storage kind (`kind`, one of `kinds`). */
export function configFindings(file: string, config: Workspace, kind: StorageKind, kinds: StorageKinds): Finding[] {
  const context = { catalogue: catalogue(kinds) };
  const general = CONFIG_RULES.flatMap((rule) =>
    rule.check(config, context).map((report) => findingOf(rule, file, report)),
  );
  const storage = config.storage;
  const ofKind = kind.rules.flatMap((rule) =>
    rule.stage === "config" ? rule.check(storage, config).map((report) => findingOf(rule, file, report)) : [],
  );
  return [...general, ...ofKind];
}

/** What every per-workspace rule says about one workspace (errors and warnings): the general ones, then those of its storage kind. */
export function workspaceRuleFindings(ws: ResolvedWorkspace, env: NodeJS.ProcessEnv): Finding[] {
  const general = WORKSPACE_RULES.flatMap((rule) =>
    rule.check(ws, { env }).map((report) => findingOf(rule, ws.file, report)),
  );
  const storage = ws.config.storage;
  const ofKind = ws.storageKind.rules.flatMap((rule) =>
    rule.stage === "workspace"
      ? rule.check(storage, ws, { env }).map((report) => findingOf(rule, ws.file, report))
      : [],
  );
  return [...general, ...ofKind];
}

export function crossWorkspaceFindings(workspaces: readonly ResolvedWorkspace[]): Finding[] {
  return CROSS_WORKSPACE_RULES.flatMap((rule) =>
    rule.check(workspaces).map((report: FileReport) => findingOf(rule, report.file, report)),
  );
}

/**
 * Sets aside the findings a workspace acknowledges (its `acknowledge` list; rule acknowledgement-valid has
 * made sure each names a rule that may be acknowledged), and adds what the acknowledgement rules say about
 * the list. `found`: every finding of the rules for this workspace's file.
 */
export function acknowledge(
  ws: ResolvedWorkspace,
  found: readonly Finding[],
): { findings: Finding[]; acknowledged: AcknowledgedFinding[] } {
  const reasons = new Map(ws.config.acknowledge.map(({ rule, reason }) => [rule, reason]));
  const findings: Finding[] = [];
  const acknowledged: AcknowledgedFinding[] = [];
  for (const finding of found) {
    const reason = reasons.get(finding.rule);
    if (reason === undefined) findings.push(finding);
    else acknowledged.push({ ...finding, reason });
  }
  for (const rule of ACKNOWLEDGEMENTS_RULES)
    findings.push(...rule.check(ws, found).map((report) => findingOf(rule, ws.file, report)));
  return { findings, acknowledged };
}
