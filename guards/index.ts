import { type LoadOptions, loadWorkspaces } from "../config/load";
import { WorkspaceConfigError } from "../config/problems";
import type { ResolvedWorkspace } from "../config/resolve";
import { type ExistingVolumeOptions, checkExistingVolumes } from "./existing-volumes";
import { checkRetentionChanges } from "./retention-change";
import { DEFAULT_OUTDIR } from "./state-file";
import { readWorkspaceStates } from "./state-source";

export { OFFLINE_ENV, checkExistingVolumes, isOffline } from "./existing-volumes";
export type { ExistingVolumeOptions, ExistingVolumeReport } from "./existing-volumes";

export interface DeployableOptions extends LoadOptions, Omit<ExistingVolumeOptions, "env"> {
  /** Receives each warning, and each note about what could not be checked. @default a "warning:" line on stderr */
  readonly warn?: (note: string) => void;
}

/**
 * What validate and synthesis load: every workspace, checked by every rule and against the volumes that
 * already exist. Rejects with WorkspaceConfigError listing all problems; says what it could not check, and
 * warns about what works today and breaks later (the warning rules, a changed document retention).
 * Asynchronous because remote states are read over the network: once, all at once, for every check.
 */
export async function loadDeployableWorkspaces(options: DeployableOptions = {}): Promise<ResolvedWorkspace[]> {
  const warn = options.warn ?? ((note: string) => process.stderr.write(`warning: ${note}\n`));
  const workspaces = loadWorkspaces({ ...options, warn });
  const env = options.env ?? process.env;
  const outdir = options.outdir ?? (env.CDKTF_OUTDIR || DEFAULT_OUTDIR);
  const states = await readWorkspaceStates(workspaces, { outdir, env, timeoutMs: options.stateTimeoutMs });
  const report = await checkExistingVolumes(workspaces, { ...options, env, states });
  for (const note of report.notes) warn(note);
  if (report.problems.length > 0) throw new WorkspaceConfigError(report.problems);
  for (const note of await checkRetentionChanges(workspaces, { ...options, env, states })) warn(note);
  return workspaces;
}
