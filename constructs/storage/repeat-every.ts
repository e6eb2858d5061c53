import { type Precondition, Token } from "cdktf";
import { checkWholeNumber } from "../checks";
import { SYNC_INTERVAL_BOUNDS } from "../domain/defaults";

/** The interval's checks: at synthesis for a number, as a plan-time precondition for a token. */
export function checkSyncInterval(minutes: number, prop: string): Precondition[] {
  return checkWholeNumber(prop, minutes, SYNC_INTERVAL_BOUNDS, " of minutes");
}

/**
 * A sidecar's `sh -c` loop: the one-shot command in a subshell (a failing step neither ends the loop nor
 * skips the pause), then a pause of `intervalMinutes`. A token interval is multiplied by the shell, so the
 * command holds Terraform's value and never a token's placeholder number.
 */
export function repeatEvery(command: string, intervalMinutes: number): string {
  const pause = Token.isUnresolved(intervalMinutes)
    ? `$((${Token.asString(intervalMinutes)} * 60))`
    : String(intervalMinutes * 60);
  return `while true; do (${command}); sleep ${pause}; done`;
}
