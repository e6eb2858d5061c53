import type { Finding } from "../vocabulary/findings";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import {
  type UnnamedImage,
  noDowngrade,
  revisionChangeContext,
  revisionChanges,
  seenIn,
} from "../config/rules/no-downgrade";
import { findingOf } from "../config/rules/run";
import { KNOWN_REVISIONS } from "../constructs/domain";
import { upgradeSteps } from "../upgrades/revision-change";
import { type LiveContainer, inspectContainers } from "./docker-containers";
import { type ExistingVolumeOptions, OFFLINE_ENV, isOffline } from "./existing-volumes";
import { DEFAULT_OUTDIR } from "./state-file";
import { type WorkspaceStates, readWorkspaceStates } from "./state-source";
import { backendRevisionsInState } from "./state-revisions";
import { byCodeUnits } from "../config/code-unit-order";
import { groupBy } from "../config/group-by";

export interface DeployedRevisionReport {
  /** Revisions that would run an older backend over a newer database, or whose order is unknown (rule no-downgrade): refused. */
  readonly findings: Finding[];
  /** What could not be checked, and what an upgrade involves. */
  readonly notes: string[];
}

/**
 * Compares the backend revision each workspace asks for with the revisions that already ran on its database:
 * (a) the stack's state (the backend image of the last apply, and the downgrade guard's record of every
 * known revision reached), for the volume generation in use; (b) the live backend container on the
 * workspace's Docker engine, when it mounts that generation's volume (its image's revision label, else its
 * tag). Rule no-downgrade refuses an older revision, and one that cannot be ordered; a newer one is an
 * upgrade, and the notes say what it involves. A new volume generation starts a new database, so earlier ones do not count.
 */
export async function checkDeployedRevisions(
  workspaces: readonly ResolvedWorkspace[],
  options: ExistingVolumeOptions & { readonly states?: WorkspaceStates } = {},
): Promise<DeployedRevisionReport> {
  const env = options.env ?? process.env;
  const outdir = options.outdir ?? (env.CDKTF_OUTDIR || DEFAULT_OUTDIR);
  const states =
    options.states ?? (await readWorkspaceStates(workspaces, { outdir, env, timeoutMs: options.stateTimeoutMs }));
  const notes: string[] = [];
  const unnamed = new Map<ResolvedWorkspace, UnnamedImage[]>();
  /** Per workspace: every revision seen on its database, and where. */
  const seen = new Map<ResolvedWorkspace, Map<string, string[]>>();
  const see = (ws: ResolvedWorkspace, revision: string, where: string) => {
    const revisions = seen.get(ws) ?? new Map<string, string[]>();
    revisions.set(revision, [...(revisions.get(revision) ?? []), where]);
    seen.set(ws, revisions);
  };

  for (const ws of workspaces) {
    const read = states.get(ws);
    // A state that cannot be read is said once, by the volume check that reads the same state.
    if (read?.read.kind !== "read") continue;
    const state = backendRevisionsInState(read.read.state);
    if (state.volumes.includes(ws.names.volume)) for (const tag of state.images) see(ws, tag, read.where);
    const recorded = state.recorded.get(ws.config.volume.generation) ?? [];
    const newestRecorded = [...recorded]
      .sort((a, b) => byCodeUnits(KNOWN_REVISIONS[a] ?? "", KNOWN_REVISIONS[b] ?? ""))
      .pop();
    if (newestRecorded) see(ws, newestRecorded, `the downgrade guard's record in ${read.shown}`);
  }

  if (!(options.offline ?? isOffline(env))) {
    // The offline note is the volume check's, which skips the same engines.
    for (const [host, group] of groupBy(workspaces, (ws) => ws.config.docker.host)) {
      const answers = (options.inspectContainers ?? inspectContainers)(
        host,
        group.map((ws) => ws.names.backendContainer),
        options.dockerTimeoutMs,
      );
      for (const ws of group) {
        const live: LiveContainer = answers.get(ws.names.backendContainer)!;
        if (live.kind === "unknown") {
          notes.push(
            `${ws.file}: could not ask the Docker engine ${host} about container ${ws.names.backendContainer} (${live.reason}): which backend revision runs there is UNKNOWN, not fine. ` +
              `The state file and the plan-time guard still check; set ${OFFLINE_ENV}=1 to skip this check on purpose`,
          );
        }
        if (live.kind !== "present" || !live.volumes.includes(ws.names.volume)) continue;
        const where = `the image of container ${ws.names.backendContainer} on ${host}`;
        if (live.revision !== undefined) see(ws, live.revision, where);
        else
          unnamed.set(ws, [
            ...(unnamed.get(ws) ?? []),
            { container: ws.names.backendContainer, host, image: live.image },
          ]);
      }
    }
  }

  const findings = workspaces.flatMap((ws) =>
    noDowngrade
      .check(ws, { seen: seen.get(ws) ?? new Map(), unnamed: unnamed.get(ws) ?? [] })
      .map((report) => findingOf(noDowngrade, ws.file, report)),
  );
  for (const [ws, revisions] of seen) {
    const { requested, older, unknown, newer } = revisionChanges(ws, revisions);
    if (older.length > 0 || unknown.length > 0 || newer.length === 0) continue;
    notes.push(
      `${ws.file}: convex.version ${upgradeSteps(newer[0].deployed, requested, revisionChangeContext(ws))}${seenIn(newer[0].sources)}`,
    );
  }
  return { findings, notes };
}
