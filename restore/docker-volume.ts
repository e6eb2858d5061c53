import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";

/*
 * Filling a new Docker volume on a workspace's engine (unix://, tcp:// or ssh://, through the docker CLI as
 * everywhere else) without running anything on it: `docker cp` into a container that is created and never
 * started. Its image is an empty one imported on the engine itself, so a restore needs no registry and no
 * pull, which is what a replacement host after a disaster may not have yet.
 */

/** An image with no files at all, only ever used to create containers that never start. */
export const EMPTY_IMAGE = "convex-stack/empty:1";

function docker(host: string, args: string[], input?: Buffer): string {
  return execFileSync("docker", ["--host", host, ...args], {
    encoding: "utf8",
    input,
    stdio: [input ? "pipe" : "ignore", "pipe", "pipe"],
    env: { ...process.env, DOCKER_CLI_HINTS: "false" },
  }).trim();
}

/** Creates a volume with these labels. */
export function createVolume(host: string, name: string, labels: Readonly<Record<string, string>>): void {
  docker(host, [
    "volume",
    "create",
    ...Object.entries(labels).flatMap(([key, value]) => ["--label", `${key}=${value}`]),
    name,
  ]);
}

/** Removes a volume (one this run created and could not fill). */
export function removeVolume(host: string, name: string): void {
  docker(host, ["volume", "rm", name]);
}

/** Copies the contents of a local folder into the root of a volume, mounted at `mountPath` in the helper container. */
export async function copyIntoVolume(host: string, volume: string, mountPath: string, folder: string): Promise<void> {
  ensureEmptyImage(host);
  const helper = `convex-stack-restore-${randomBytes(4).toString("hex")}`;
  docker(host, [
    "container",
    "create",
    "--name",
    helper,
    "--volume",
    `${volume}:${mountPath}`,
    EMPTY_IMAGE,
    "/never-started",
  ]);
  try {
    await pipeTar(folder, ["--host", host, "cp", "-", `${helper}:${mountPath}`]);
  } finally {
    docker(host, ["container", "rm", helper]);
  }
}

function ensureEmptyImage(host: string): void {
  try {
    docker(host, ["image", "inspect", "--format", "{{.Id}}", EMPTY_IMAGE]);
  } catch {
    // An empty tar archive: two 512-byte blocks of zeros.
    docker(
      host,
      [
        "image",
        "import",
        "--message",
        "convex-stack: an empty image for containers that are never started",
        "-",
        EMPTY_IMAGE,
      ],
      Buffer.alloc(1024),
    );
  }
}

/** `tar -C folder -cf - .` piped into `docker <args>`; rejects with the first error either side reports. */
function pipeTar(folder: string, dockerArgs: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const tar = spawn("tar", ["-C", folder, "-cf", "-", "."], { stdio: ["ignore", "pipe", "pipe"] });
    const cp = spawn("docker", dockerArgs, {
      stdio: ["pipe", "ignore", "pipe"],
      env: { ...process.env, DOCKER_CLI_HINTS: "false" },
    });
    const errors: string[] = [];
    tar.stderr.on("data", (d: Buffer) => errors.push(`tar: ${d.toString().trim()}`));
    cp.stderr.on("data", (d: Buffer) => errors.push(`docker cp: ${d.toString().trim()}`));
    tar.stdout.pipe(cp.stdin);
    let pending = 2;
    const done = (code: number | null) => {
      if (code !== 0) errors.push(`exit status ${code}`);
      if (--pending > 0) return;
      if (errors.length > 0) reject(new Error(errors.join("; ")));
      else resolve();
    };
    tar.on("close", done);
    cp.on("close", done);
    tar.on("error", reject);
    cp.on("error", reject);
  });
}
