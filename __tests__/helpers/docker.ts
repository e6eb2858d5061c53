import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";

/** The docker CLI on the local engine; throws with its stderr. */
export function docker(...args: string[]): string {
  return execFileSync("docker", args, {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, DOCKER_CLI_HINTS: "false" },
  }).trim();
}

/** The docker CLI, for a command that may fail: its exit status and output. */
export function dockerResult(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync("docker", args, { encoding: "utf8", env: { ...process.env, DOCKER_CLI_HINTS: "false" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Docker objects one test run creates, named uniquely (other runs share the engine), removed afterwards:
 * containers first, then networks and volumes. Only what this run created is ever removed.
 */
export class DockerObjects {
  readonly runId = `${process.pid}-${randomBytes(3).toString("hex")}`;
  private readonly containers: string[] = [];
  private readonly volumes: string[] = [];
  private readonly networks: string[] = [];

  /** A unique name for an object of this run. */
  name(stem: string): string {
    return `i19-${stem}-${this.runId}`;
  }

  volume(stem: string): string {
    const name = this.name(stem);
    docker("volume", "create", name);
    this.volumes.push(name);
    return name;
  }

  network(stem: string): string {
    const name = this.name(stem);
    docker("network", "create", name);
    this.networks.push(name);
    return name;
  }

  /** Creates the volume of this exact name unless it exists; removed afterwards either way (its name must carry the run id). */
  ensureVolume(name: string): string {
    this.assertOurs(name);
    if (dockerResult("volume", "inspect", name).status !== 0) docker("volume", "create", name);
    if (!this.volumes.includes(name)) this.volumes.push(name);
    return name;
  }

  /** Creates the network of this exact name unless it exists; removed afterwards (its name must carry the run id). */
  ensureNetwork(name: string): string {
    this.assertOurs(name);
    if (dockerResult("network", "inspect", name).status !== 0) docker("network", "create", name);
    if (!this.networks.includes(name)) this.networks.push(name);
    return name;
  }

  private assertOurs(name: string): void {
    if (!name.includes(this.runId))
      throw new Error(`${name} is not named for this run (${this.runId}): not touching it`);
  }

  /** `docker run -d --name <unique> ...args`; resolves to the name. */
  run(stem: string, args: readonly string[]): string {
    const name = this.name(stem);
    this.containers.push(name);
    docker("run", "-d", "--name", name, ...args);
    return name;
  }

  /** Registers a container created otherwise (e.g. `docker create`), for removal. */
  adopt(container: string): string {
    this.assertOurs(container);
    this.containers.push(container);
    return container;
  }

  removeAll(): void {
    for (const name of this.containers.splice(0)) dockerResult("rm", "--force", "--volumes", name);
    for (const name of this.networks.splice(0)) dockerResult("network", "rm", name);
    for (const name of this.volumes.splice(0)) dockerResult("volume", "rm", "--force", name);
  }
}

/** Polls until `check` returns a value (not undefined), up to `seconds`. */
export async function eventually<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  seconds = 30,
): Promise<T> {
  const until = Date.now() + seconds * 1000;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what}: not within ${seconds} s${last ? ` (last error: ${(last as Error).message})` : ""}`);
}
