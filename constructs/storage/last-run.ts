import { SIDECAR_LAST_RUN_FILE, SIDECAR_RUN_STARTED_FILE } from "../domain/snapshots";

/**
 * `echo <text> > <file>`, written whole: a reader never sees half a line. Through a temporary file of its own
 * (BusyBox mktemp): a take-one-now run (`docker exec`) may write the same record while the loop's run does.
 */
function writeWhole(text: string, file: string): string {
  return `record=$(mktemp ${file}.XXXXXX) && echo ${text} > $record && mv $record ${file}`;
}

/**
 * The lines a sidecar's one-shot command starts with: stop at the first failing step; record when the run
 * started in SIDECAR_RUN_STARTED_FILE, and when it ends (done, refused, or failed) the time and exit status in
 * SIDECAR_LAST_RUN_FILE. The sidecar's healthcheck and `npm run status` read both.
 */
export function recordingLastRun(): string[] {
  return [
    `trap 'code=$?; ${writeWhole('"$(date +%s) $code"', SIDECAR_LAST_RUN_FILE)}' EXIT`,
    "set -e",
    writeWhole("$(date +%s)", SIDECAR_RUN_STARTED_FILE),
  ];
}
