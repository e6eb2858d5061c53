import type { Problem } from "../config/problems";
import type { ResolvedWorkspace } from "../config/resolve";
import {
  BACKEND_IMAGE,
  IMAGE_REVISION_LABEL,
  KNOWN_REVISIONS,
  RevisionOrder,
  compareRevisions,
  dateRevision,
  downgradeMessage,
  undatedMessage,
  upgradeSteps,
} from "../constructs/domain";
import { type LiveContainer, inspectContainers } from "./docker-containers";
import { type ExistingVolumeOptions, OFFLINE_ENV, isOffline } from "./existing-volumes";
import { DEFAULT_OUTDIR } from "./state-file";
import { type WorkspaceStates, readWorkspaceStates } from "./state-source";
import { backendRevisionsInState } from "./state-revisions";

export interface DeployedRevisionReport {
  /** Revisions that would run an older backend over a newer database, or whose order is unknown: refused. */
  readonly problems: Problem[];
  /** What could not be checked, and what an upgrade involves. */
  readonly notes: string[];
}

/**
 * Compares the backend revision each workspace asks for with the revisions that already ran on its database:
 * (a) the stack's state (the backend image of the last apply, and the downgrade guard's record of every
 * known revision reached), for the volume generation in use; (b) the live backend container on the
 * workspace's Docker engine, when it mounts that generation's volume (its image's revision label, else its
 * tag). An older revision is refused, as is one that cannot be ordered; a newer one is an upgrade, and the
 * notes say what it involves. A new volume generation starts a new database, so earlier ones do not count.
 */
export async function checkDeployedRevisions(
  workspaces: readonly ResolvedWorkspace[],
  options: ExistingVolumeOptions & { readonly states?: WorkspaceStates } = {},
): Promise<DeployedRevisionReport> {
  const env = options.env ?? process.env;
  const outdir = options.outdir ?? (env.CDKTF_OUTDIR || DEFAULT_OUTDIR);
  const states = options.states ?? (await readWorkspaceStates(workspaces, { outdir, env, timeoutMs: options.stateTimeoutMs }));
  const problems: Problem[] = [];
  const notes: string[] = [];
  /** Per workspace: every revision seen on its database, and where. */
  const seen = new Map<ResolvedWorkspace, Map<string, string[]>>();
  const see = (ws: ResolvedWorkspace, revision: string, where: string) => {
    const revisions = seen.get(ws) ?? new Map<string, string[]>();
    revisions.set(revision, [...(revisions.get(revision) ?? []), where]);
    seen.set(ws, revisions);
  };

  for (const ws of workspaces) {
    problems.push(...statedDateConflicts(ws));
    const read = states.get(ws);
    // A state that cannot be read is said once, by the volume check that reads the same state.
    if (read?.read.kind !== "read") continue;
    const state = backendRevisionsInState(read.read.state);
    if (state.volumes.includes(ws.names.volume)) for (const tag of state.images) see(ws, tag, read.where);
    const recorded = state.recorded.get(ws.config.volume.generation) ?? [];
    const newestRecorded = [...recorded].sort((a, b) => byCodeUnits(KNOWN_REVISIONS[a] ?? "", KNOWN_REVISIONS[b] ?? "")).pop();
    if (newestRecorded) see(ws, newestRecorded, `the downgrade guard's record in ${read.shown}`);
  }

  if (!(options.offline ?? isOffline(env))) {
    // The offline note is the volume check's, which skips the same engines.
    for (const [host, group] of groupBy(workspaces, (ws) => ws.config.docker.host)) {
      const answers = (options.inspectContainers ?? inspectContainers)(host, group.map((ws) => ws.names.backendContainer), options.dockerTimeoutMs);
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
        else {
          problems.push({
            file: ws.file,
            path: "convex.version",
            message:
              `is ${ws.config.convex.version}, and container ${ws.names.backendContainer} on ${host} runs on this deployment's database from image ${live.image}, ` +
              `which names no upstream revision (no ${IMAGE_REVISION_LABEL} label, no ${BACKEND_IMAGE} tag): whether this is a downgrade is UNKNOWN, not fine. ` +
              `Nothing has been changed. Find which revision that container runs and deploy it or a newer one`,
          });
        }
      }
    }
  }

  for (const [ws, revisions] of seen) {
    const requested = dateRevision(ws.config.convex.version, ws.config.convex.revisionDates);
    const context = {
      workspace: ws.name,
      backendContainer: ws.names.backendContainer,
      generation: ws.config.volume.generation,
      healthyWaitSeconds: ws.config.convex.waitTimeout,
    };
    const compared = [...revisions].map(([revision, sources]) => {
      const deployed = dateRevision(revision, ws.config.convex.revisionDates);
      return { deployed, sources, order: compareRevisions(deployed, requested) };
    });
    const newestFirst = (list: typeof compared) => list.sort((a, b) => byCodeUnits(b.deployed.date ?? "", a.deployed.date ?? ""));
    const older = newestFirst(compared.filter((c) => c.order === RevisionOrder.OLDER));
    const unknown = compared.filter((c) => c.order === RevisionOrder.UNKNOWN);
    const newer = newestFirst(compared.filter((c) => c.order === RevisionOrder.NEWER));
    const seenIn = (c: (typeof compared)[number]) => ` (Seen in ${c.sources.join(" and in ")}.)`;
    if (older.length > 0) {
      problems.push({ file: ws.file, path: "convex.version", message: `${downgradeMessage(older[0].deployed, requested, context)}${seenIn(older[0])}` });
    } else if (unknown.length > 0) {
      problems.push({ file: ws.file, path: "convex.version", message: `${undatedMessage(unknown[0].deployed, requested)}${seenIn(unknown[0])}` });
    } else if (newer.length > 0) {
      notes.push(`${ws.file}: convex.version ${upgradeSteps(newer[0].deployed, requested, context)}${seenIn(newer[0])}`);
    }
  }
  return { problems, notes };
}

/** A date stated for a revision this project already dates must agree with it. */
function statedDateConflicts(ws: ResolvedWorkspace): Problem[] {
  return Object.entries(ws.config.convex.revisionDates ?? {})
    .filter(([revision, date]) => KNOWN_REVISIONS[revision] !== undefined && KNOWN_REVISIONS[revision] !== date)
    .map(([revision, date]) => ({
      file: ws.file,
      path: `convex.revisionDates.${revision}`,
      message: `is ${date}, but this project knows ${revision} as a revision of ${KNOWN_REVISIONS[revision]} (constructs/domain/upstream-revisions.ts). Remove the entry: known revisions need no date`,
    }));
}

/** Dates (YYYY-MM-DD) in code-unit order: no locale, no ICU collator to load. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
