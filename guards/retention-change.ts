import type { Finding } from "../vocabulary/findings";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import { type DeployedRetention, RETENTION_VARIABLE, retentionChange } from "../config/rules/retention-change";
import { findingOf } from "../config/rules/run";
import { environmentOf, inspectContainers } from "./docker-containers";
import { type ExistingVolumeOptions, isOffline } from "./existing-volumes";
import { containersInState } from "./state-containers";
import { DEFAULT_OUTDIR } from "./state-file";
import { type WorkspaceStates, readWorkspaceStates } from "./state-source";
import { groupBy } from "../config/group-by";

/**
 * The warnings of rule retention-change (never refusals), for workspaces whose deployed backend keeps
 * another DOCUMENT_RETENTION_DELAY than the file asks for. The deployed value is read where the data-loss guard reads the volume: the
 * backend container in the stack's state (local file or remote, read once for both checks), then the live
 * container on the workspace's Docker engine (the live one wins: it is what runs). An engine that does not
 * answer, or a state that cannot be read, is already reported by the volume check; the other then speaks alone.
 */
export async function checkRetentionChanges(
  workspaces: readonly ResolvedWorkspace[],
  options: ExistingVolumeOptions & { readonly states?: WorkspaceStates } = {},
): Promise<Finding[]> {
  const env = options.env ?? process.env;
  const outdir = options.outdir ?? (env.CDKTF_OUTDIR || DEFAULT_OUTDIR);
  const states =
    options.states ?? (await readWorkspaceStates(workspaces, { outdir, env, timeoutMs: options.stateTimeoutMs }));
  const deployed = new Map<ResolvedWorkspace, DeployedRetention>();
  for (const ws of workspaces) {
    const state = states.get(ws);
    if (state?.read.kind !== "read") continue;
    const container = containersInState(state.read.state).find((c) => c.name === ws.names.backendContainer);
    if (container) deployed.set(ws, { value: environmentOf(container.env)[RETENTION_VARIABLE], seenIn: state.where });
  }
  if (!(options.offline ?? isOffline(env))) {
    for (const [host, group] of groupBy(workspaces, (ws) => ws.config.docker.host)) {
      const answers = (options.inspectContainers ?? inspectContainers)(
        host,
        group.map((ws) => ws.names.backendContainer),
        options.dockerTimeoutMs,
      );
      for (const ws of group) {
        const live = answers.get(ws.names.backendContainer);
        if (live?.kind === "present")
          deployed.set(ws, {
            value: live.env[RETENTION_VARIABLE],
            seenIn: `the environment of Docker container ${ws.names.backendContainer} on ${host}`,
          });
      }
    }
  }
  return [...deployed].flatMap(([ws, retention]) =>
    retentionChange.check(ws, retention).map((report) => findingOf(retentionChange, ws.file, report)),
  );
}
