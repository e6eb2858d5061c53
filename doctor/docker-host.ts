import { fingerprintFromLabels, missingLabels } from "../constructs/domain";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import { volumeChanges, volumeMoveSteps } from "../constructs/domain";
import { WORKSPACE_FILE_WORDING } from "../config/volume-change-wording";
import { inspectContainersAsync } from "../guards/docker-containers";
import { inspectVolumesAsync } from "../guards/docker-volumes";
import { RETENTION_VARIABLE, requestedRetention, retentionChange } from "../config/rules/retention-change";
import { type CheckResult, TIMEOUTS, fail, pass, skip, warn } from "../probes/check";

/** Docker host reachable, the data volume (if any) made for this very workspace, and its backend's retention. */
export async function dockerChecks(ws: ResolvedWorkspace): Promise<CheckResult[]> {
  const host = ws.config.docker.host;
  const volume = ws.names.volume;
  const [volumes, containers] = await Promise.all([
    inspectVolumesAsync(host, [volume], TIMEOUTS.docker),
    inspectContainersAsync(host, [ws.names.backendContainer], TIMEOUTS.docker),
  ]);
  const live = volumes.get(volume)!;
  if (live.kind === "unknown") {
    return [
      fail(
        "docker: host",
        `${host} does not answer: ${live.reason}`,
        `start the Docker engine there, or correct "docker": {"host": ...} in ${ws.file}`,
      ),
    ];
  }
  const backend = containers.get(ws.names.backendContainer)!;
  return [
    pass("docker: host", `${host} answers`),
    volumeVerdict(ws, live.kind === "present" ? live.labels : undefined),
    retentionVerdict(ws, backend.kind === "present" ? backend.env : undefined),
  ];
}

/** A deployed backend keeps its DOCUMENT_RETENTION_DELAY, or is warned about (rule retention-change). */
export function retentionVerdict(
  ws: ResolvedWorkspace,
  deployedEnv: Readonly<Record<string, string>> | undefined,
): CheckResult {
  const check = "docker: retention";
  const container = ws.names.backendContainer;
  if (!deployedEnv) return skip(check, `${container} is not deployed: nothing keeps document history yet`);
  const [warning] = retentionChange.check(ws, {
    value: deployedEnv[RETENTION_VARIABLE],
    seenIn: `the environment of container ${container}`,
  });
  if (!warning)
    return pass(
      check,
      `${container} keeps ${RETENTION_VARIABLE}=${requestedRetention(ws) ?? "(unset)"}, as this file asks`,
    );
  return warn(check, `${warning.path} ${warning.info}`, warning.fix);
}

/**
 * The data volume must be absent (fresh deploy) or hold data this workspace can keep using: the changes
 * validate, synthesis and the plan-time guard refuse (constructs/domain/volume-change.ts) fail here too.
 */
export function volumeVerdict(
  ws: ResolvedWorkspace,
  labels: Readonly<Record<string, string>> | undefined,
): CheckResult {
  const check = "docker: data volume";
  const volume = ws.names.volume;
  if (!labels) return pass(check, `${volume} does not exist yet: the deploy creates it (a fresh deployment)`);
  const found = fingerprintFromLabels(labels);
  const missing = missingLabels(found);
  if (Object.keys(found).length === 0) {
    return fail(
      check,
      `${volume} exists but has no convex-stack labels: it was not made by this project, and its contents are unknown`,
      `look inside it, then remove it (docker volume rm ${volume}), or bump "volume": {"generation": ${ws.config.volume.generation + 1}} in ${ws.file} to use a new volume`,
    );
  }
  const changes = volumeChanges(found, ws.fingerprint);
  if (changes.length === 0 && missing.length > 0) {
    return fail(
      check,
      `${volume} lacks the label(s) ${missing.join(", ")}: what it was created with is only partly known (the labels it has agree with this workspace)`,
      `check what the volume holds before deploying, or bump "volume": {"generation": ${ws.config.volume.generation + 1}} in ${ws.file} to use a new volume`,
    );
  }
  if (changes.length === 0)
    return pass(check, `${volume} was made for this workspace (${found.storageMode} storage, ${found.database})`);
  const ref = { workspace: ws.name, volumeName: volume, generation: ws.config.volume.generation };
  return fail(
    check,
    `${volume} was made for different settings: ` +
      changes
        .map(
          (c) =>
            `${WORKSPACE_FILE_WORDING.settings[c.field]} asks for ${c.what} "${c.requested}", the volume was created with "${c.recorded}". ${c.reason}`,
        )
        .join(" "),
    `undo the change to ${changes.map((c) => WORKSPACE_FILE_WORDING.settings[c.field]).join(" and ")} in ${ws.file}, or move the data. ${volumeMoveSteps(ref, WORKSPACE_FILE_WORDING)}`,
  );
}
