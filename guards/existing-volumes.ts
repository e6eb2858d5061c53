import {
  fingerprintFromLabels,
  LIMITS,
  missingLabels,
  resourceNames,
  type VolumeFingerprint,
} from "../constructs/domain";
import type { Finding } from "../vocabulary/findings";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import { findingOf } from "../config/rules/run";
import { type RecordedFingerprint, volumeChange } from "../config/rules/volume-change";
import { type ManagedGeneration, volumeGenerationOnlyUp } from "../config/rules/volume-generation-only-up";
import type { ContainerInspection } from "./docker-containers";
import { type LiveVolume, inspectVolumes } from "./docker-volumes";
import { DEFAULT_OUTDIR } from "./state-file";
import { type WorkspaceStates, readWorkspaceStates } from "./state-source";
import { volumesInState } from "./state-volumes";
import { groupBy } from "../config/group-by";

/** Set to 1 (or true) to synthesize or validate without asking any Docker engine. */
export const OFFLINE_ENV = "CONVEX_STACK_OFFLINE";

export interface ExistingVolumeOptions {
  /** Where CDKTF_OUTDIR, CONVEX_STACK_OFFLINE and the AWS credentials of remote states are read from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** The synthesis output directory; the stacks' state files sit next to it. @default $CDKTF_OUTDIR, else cdktf.out */
  readonly outdir?: string;
  /** Skip the live Docker volumes (said in a note). @default true when $CONVEX_STACK_OFFLINE is 1 or true */
  readonly offline?: boolean;
  /** How long one Docker engine may take to answer. @default DOCKER_TIMEOUT_MS */
  readonly dockerTimeoutMs?: number;
  /** How the backend containers are read (the revision and retention checks share one answer per engine). @default inspectContainers */
  readonly inspectContainers?: ContainerInspection;
  /** How long one remote state may take to read. @default STATE_TIMEOUT_MS */
  readonly stateTimeoutMs?: number;
}

export interface ExistingVolumeReport {
  /** Changes that would lose data (rules volume-change and volume-generation-only-up): the workspace is refused. */
  readonly findings: Finding[];
  /** What could not be checked, and why: said, never taken as fine. */
  readonly notes: string[];
}

export function isOffline(env: NodeJS.ProcessEnv): boolean {
  return /^(1|true)$/i.test(env[OFFLINE_ENV] ?? "");
}

/** The generation of one of this workspace's data volumes, from its name; undefined for other volumes. */
function generationOf(ws: ResolvedWorkspace, volumeName: string): number | undefined {
  // Asked of the one naming rule (resourceNames), so a change there cannot leave this behind.
  for (let generation = LIMITS.generation.min; generation <= LIMITS.generation.max; generation++) {
    if (resourceNames(ws.name, generation).volume === volumeName) return generation;
  }
  return undefined;
}

/**
 * Compares what already exists for each workspace with what its file asks for: (a) the volume recorded in
 * the stack's state, a local file or the remote state its `state` block names (all read at once), then
 * (b) the live volume's labels on its Docker host, and hands them to rules volume-change and
 * volume-generation-only-up; anything that could not be read is a note. The state is read also when offline: it is the
 * record of what was deployed, not a live engine.
 */
export async function checkExistingVolumes(
  workspaces: readonly ResolvedWorkspace[],
  options: ExistingVolumeOptions & { readonly states?: WorkspaceStates } = {},
): Promise<ExistingVolumeReport> {
  const env = options.env ?? process.env;
  const outdir = options.outdir ?? (env.CDKTF_OUTDIR || DEFAULT_OUTDIR);
  const notes: string[] = [];
  const recorded = new Map<ResolvedWorkspace, RecordedFingerprint[]>(workspaces.map((ws) => [ws, []]));
  const managed = new Map<ResolvedWorkspace, ManagedGeneration>();
  const record = (ws: ResolvedWorkspace, fingerprint: Partial<VolumeFingerprint>, seenIn: string) => {
    // A partial record is compared on what it holds; what it lacks is unknown, and said.
    const missing = missingLabels(fingerprint);
    if (missing.length > 0) {
      notes.push(
        `${ws.file}: ${seenIn} shows volume ${ws.names.volume} without the label(s) ${missing.join(", ")}: what those record is unknown (only the labels that are there were compared); check it before deploying`,
      );
    }
    recorded.get(ws)!.push({ fingerprint, seenIn });
  };
  const unlabelled = (ws: ResolvedWorkspace, source: string) =>
    notes.push(
      `${ws.file}: ${source} shows volume ${ws.names.volume} without convex-stack.* labels, so what it was created with is unknown; check it before deploying`,
    );

  const states =
    options.states ?? (await readWorkspaceStates(workspaces, { outdir, env, timeoutMs: options.stateTimeoutMs }));
  for (const ws of workspaces) {
    const state = states.get(ws)!;
    if (state.note) notes.push(`${ws.file}: ${state.note}`);
    if (state.read.kind === "unreadable") {
      notes.push(
        `${ws.file}: ${state.where} could not be read (${state.read.reason}); the volume it records was not compared: ` +
          "whether this file changes what the volume was created with is UNKNOWN, not fine. The plan-time guard still checks",
      );
    }
    if (state.read.kind !== "read") continue;
    const volumes = volumesInState(state.read.state);
    const current = volumes.filter((volume) => volume.name === ws.names.volume);
    for (const volume of current) if (volume.fingerprint) record(ws, volume.fingerprint, state.where);
    if (current.length > 0 && current.every((volume) => !volume.fingerprint)) unlabelled(ws, state.where);
    const newest = Math.max(0, ...volumes.map((volume) => generationOf(ws, volume.name) ?? 0));
    const newestName = volumes.find((volume) => generationOf(ws, volume.name) === newest)?.name;
    if (newestName) managed.set(ws, { volumeName: newestName, generation: newest, managedBy: state.shown });
  }

  if (options.offline ?? isOffline(env)) {
    notes.push(
      `offline (--offline or ${OFFLINE_ENV}=1): the live Docker volumes were not asked what they hold, nor the backend containers which revision they run; only the stacks' state files were compared (the plan-time guards still check at terraform plan)`,
    );
  } else {
    for (const [host, group] of groupBy(workspaces, (ws) => ws.config.docker.host)) {
      const answers = inspectVolumes(
        host,
        group.map((ws) => ws.names.volume),
        options.dockerTimeoutMs,
      );
      for (const ws of group) {
        const live: LiveVolume = answers.get(ws.names.volume)!;
        const source = `the labels of Docker volume ${ws.names.volume} on ${host}`;
        if (live.kind === "present") {
          const fingerprint = fingerprintFromLabels(live.labels);
          if (Object.keys(fingerprint).length > 0) record(ws, fingerprint, source);
          else unlabelled(ws, source);
        }
        if (live.kind === "unknown") {
          notes.push(
            `${ws.file}: could not ask the Docker engine ${host} about volume ${ws.names.volume} (${live.reason}): whether it holds data made with other settings is UNKNOWN, not fine. ` +
              `The plan-time guard still checks; set ${OFFLINE_ENV}=1 to skip this check on purpose`,
          );
        }
      }
    }
  }

  const findings = workspaces.flatMap((ws) => [
    ...volumeChange.check(ws, recorded.get(ws)!).map((report) => findingOf(volumeChange, ws.file, report)),
    ...volumeGenerationOnlyUp
      .check(ws, managed.get(ws))
      .map((report) => findingOf(volumeGenerationOnlyUp, ws.file, report)),
  ]);
  return { findings, notes };
}
