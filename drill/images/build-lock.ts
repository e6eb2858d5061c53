import { spawn } from "node:child_process";

/**
 * Held while images are built: every run on this machine builds on the same engine. A fixed path, not
 * os.tmpdir(): TMPDIR differs from run to run (each test file has its own), the lock must not.
 */
const LOCK_FILE = "/tmp/convex-stack-drill-images.lock";
/** Longer than a debootstrap from a slow mirror. */
const WAIT_SECONDS = 1800;

/**
 * Runs `work` holding an exclusive flock(1) on LOCK_FILE. The lock is held by a child `flock ... cat` that
 * lives as long as its stdin, so it is released when the work ends, and also when this process dies.
 */
export async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  const holder = spawn("flock", ["--exclusive", "--wait", String(WAIT_SECONDS), LOCK_FILE, "cat"], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  const acquired = new Promise<void>((resolve, reject) => {
    let stderr = "";
    holder.stdout.once("data", () => resolve());
    holder.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    holder.on("error", reject);
    holder.on("close", (code) =>
      reject(new Error(`could not lock ${LOCK_FILE} within ${WAIT_SECONDS} s (flock: exit ${code} ${stderr.trim()})`)),
    );
  });
  // `cat` echoes this line only once flock has the lock and started it.
  holder.stdin.write("locked\n");
  try {
    await acquired;
    return await work();
  } finally {
    holder.stdin.end();
  }
}
