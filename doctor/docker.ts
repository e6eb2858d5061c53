import { execFile } from "node:child_process";
import { TIMEOUTS } from "./check";

export interface VolumeLabels {
  /** The Docker engine answered. */
  readonly reachable: boolean;
  /** The volume's labels; undefined when the volume does not exist (or the engine did not answer). */
  readonly labels?: Record<string, string>;
  /** Why the engine could not be asked, in one line. */
  readonly error?: string;
}

/**
 * Reads a volume's labels through the docker CLI (so unix://, tcp:// and ssh:// hosts all work the
 * way Terraform's docker provider reaches them), bounded by a timeout.
 */
export function inspectVolumeLabels(dockerHost: string, volumeName: string): Promise<VolumeLabels> {
  return new Promise((resolve) => {
    execFile(
      "docker",
      ["--host", dockerHost, "volume", "inspect", "--format", "{{json .Labels}}", volumeName],
      { timeout: TIMEOUTS.docker, encoding: "utf8" },
      (error, stdout, stderr) => {
        if (!error) {
          try {
            resolve({ reachable: true, labels: (JSON.parse(stdout) as Record<string, string> | null) ?? {} });
          } catch {
            resolve({ reachable: false, error: `unexpected answer from docker volume inspect: ${stdout.slice(0, 80)}` });
          }
          return;
        }
        const message = (stderr || error.message).trim().split("\n")[0];
        if (/no such volume/i.test(message)) resolve({ reachable: true });
        else if ((error as NodeJS.ErrnoException).code === "ENOENT") resolve({ reachable: false, error: "the docker CLI is not on the PATH" });
        else if (error.killed) resolve({ reachable: false, error: `no answer within ${TIMEOUTS.docker / 1000} s` });
        else resolve({ reachable: false, error: message });
      },
    );
  });
}
