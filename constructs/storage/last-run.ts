import { SIDECAR_LAST_RUN_FILE } from "../domain/snapshots";

/**
 * The lines a sidecar's one-shot command starts with: stop at the first failing step, and when the run
 * ends (done, refused, or failed) record the time and exit status in SIDECAR_LAST_RUN_FILE, written whole
 * (a reader never sees half a line).
 */
export function recordingLastRun(): string[] {
  return [
    `trap 'code=$?; echo "$(date +%s) $code" > ${SIDECAR_LAST_RUN_FILE}.new && mv ${SIDECAR_LAST_RUN_FILE}.new ${SIDECAR_LAST_RUN_FILE}' EXIT`,
    "set -e",
  ];
}
