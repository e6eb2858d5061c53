import { type LoadOptions, loadWorkspaces } from "../config/load";
import { WorkspaceConfigError, formatFinding } from "../vocabulary/findings";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import { checkDeployedRevisions } from "./deployed-revisions";
import { inspectContainersOnce } from "./docker-containers";
import { type ExistingVolumeOptions, checkExistingVolumes } from "./existing-volumes";
import { checkRetentionChanges } from "./retention-change";
import { DEFAULT_OUTDIR } from "./state-file";
import { readWorkspaceStates } from "./state-source";

export interface DeployableOptions extends LoadOptions, Omit<ExistingVolumeOptions, "env"> {
  /** Receives each warning, and each note about what could not be checked. @default a "warning:" line on stderr */
  readonly warn?: (note: string) => void;
}

/**
 * What validate and synthesis load: every workspace, checked by every rule, against the volumes that already
 * exist and against the backend revisions that already ran on them. Rejects with WorkspaceConfigError
 * listing every error; says what it could not check and what an upgrade involves, and warns about what
 * works today and breaks later (the warning rules, a changed document retention).
 * Asynchronous because remote states are read over the network: once, all at once, for every check.
 */
export async function loadDeployableWorkspaces(options: DeployableOptions = {}): Promise<ResolvedWorkspace[]> {
  const warn = options.warn ?? ((note: string) => process.stderr.write(`warning: ${note}\n`));
  const workspaces = loadWorkspaces({ ...options, warn });
  const env = options.env ?? process.env;
  const outdir = options.outdir ?? (env.CDKTF_OUTDIR || DEFAULT_OUTDIR);
  const states = await readWorkspaceStates(workspaces, { outdir, env, timeoutMs: options.stateTimeoutMs });
  // The revision and retention checks read the same backend containers: each engine is asked once.
  const checkOptions = {
    ...options,
    env,
    states,
    inspectContainers: options.inspectContainers ?? inspectContainersOnce(),
  };
  const volumes = await checkExistingVolumes(workspaces, checkOptions);
  const revisions = await checkDeployedRevisions(workspaces, checkOptions);
  for (const note of [...volumes.notes, ...revisions.notes]) warn(note);
  const errors = [...volumes.findings, ...revisions.findings];
  if (errors.length > 0) throw new WorkspaceConfigError(errors);
  for (const warning of await checkRetentionChanges(workspaces, checkOptions)) warn(formatFinding(warning));
  return workspaces;
}
