import { expectedFingerprint } from "../config/expected-fingerprint";
import { fingerprintFromLabels } from "../constructs/domain";
import type { ResolvedWorkspace } from "../config/resolve";
import { WHAT, volumeChangeReason, volumeChanges, volumeMoveSteps } from "../constructs/domain";
import { WORKSPACE_FILE_WORDING } from "../config/volume-change-wording";
import { inspectVolumesAsync } from "../guards/docker-volumes";
import { type CheckResult, TIMEOUTS, fail, pass } from "./check";

/** Docker host reachable, and the data volume (if any) made for this very workspace. */
export async function dockerChecks(ws: ResolvedWorkspace): Promise<CheckResult[]> {
  const host = ws.config.docker.host;
  const volume = ws.names.volume;
  const live = (await inspectVolumesAsync(host, [volume], TIMEOUTS.docker)).get(volume)!;
  if (live.kind === "unknown") {
    return [fail("docker: host", `${host} does not answer: ${live.reason}`, `start the Docker engine there, or correct "docker": {"host": ...} in ${ws.file}`)];
  }
  return [pass("docker: host", `${host} answers`), volumeVerdict(ws, live.kind === "present" ? live.labels : undefined)];
}

/**
 * The data volume must be absent (fresh deploy) or hold data this workspace can keep using: the changes
 * validate, synthesis and the plan-time guard refuse (constructs/domain/volume-change.ts) fail here too.
 */
export function volumeVerdict(ws: ResolvedWorkspace, labels: Readonly<Record<string, string>> | undefined): CheckResult {
  const check = "docker: data volume";
  const volume = ws.names.volume;
  if (!labels) return pass(check, `${volume} does not exist yet: the deploy creates it (a fresh deployment)`);
  const found = fingerprintFromLabels({ ...labels });
  if (!found) {
    return fail(
      check,
      `${volume} exists but has no convex-stack labels: it was not made by this project, and its contents are unknown`,
      `look inside it, then remove it (docker volume rm ${volume}), or bump "volume": {"generation": ${ws.config.volume.generation + 1}} in ${ws.file} to use a new volume`,
    );
  }
  const changes = volumeChanges(found, expectedFingerprint(ws));
  if (changes.length === 0) return pass(check, `${volume} was made for this workspace (${found.storageMode} storage, ${found.database})`);
  const ref = { workspace: ws.name, volumeName: volume, generation: ws.config.volume.generation };
  return fail(
    check,
    `${volume} was made for different settings: ` +
      changes
        .map((c) => `${WORKSPACE_FILE_WORDING.settings[c.field]} asks for ${WHAT[c.field]} "${c.requested}", the volume was created with "${c.recorded}". ${volumeChangeReason(c.field, c.recorded, c.requested)}`)
        .join(" "),
    `undo the change to ${changes.map((c) => WORKSPACE_FILE_WORDING.settings[c.field]).join(" and ")} in ${ws.file}, or move the data. ${volumeMoveSteps(ref, WORKSPACE_FILE_WORDING)}`,
  );
}
