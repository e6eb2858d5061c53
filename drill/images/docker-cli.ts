import { execFile, spawn } from "node:child_process";

/** The docker CLI against one engine, for the image builder. */
export class DockerCli {
  constructor(
    /** The engine, as `docker --host` takes it. @default the CLI's own default (DOCKER_HOST or the local socket) */
    readonly host?: string,
  ) {}

  private args(args: readonly string[]): string[] {
    return this.host ? ["--host", this.host, ...args] : [...args];
  }

  /** Runs a docker command and resolves to its trimmed stdout; rejects with its stderr. */
  run(args: readonly string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(
        "docker",
        this.args(args),
        { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: dockerEnv() },
        (error, stdout, stderr) => {
          if (error)
            reject(new Error(`docker ${args.slice(0, 2).join(" ")} failed: ${stderr.trim() || error.message}`));
          else resolve(stdout.trim());
        },
      );
    });
  }

  /** The labels of a local image, or undefined when there is no such image. */
  async imageLabels(reference: string): Promise<Record<string, string> | undefined> {
    try {
      const json = await this.run(["image", "inspect", "--format", "{{json .Config.Labels}}", reference]);
      return (JSON.parse(json) as Record<string, string> | null) ?? {};
    } catch {
      return undefined;
    }
  }

  /** `tar -C folder -c .` piped into `docker import`, with Dockerfile instructions applied to the image. */
  importFolder(folder: string, reference: string, changes: readonly string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const tar = spawn("tar", ["-C", folder, "--numeric-owner", "-cf", "-", "."], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      const importer = spawn(
        "docker",
        this.args(["image", "import", ...changes.flatMap((change) => ["--change", change]), "-", reference]),
        { stdio: ["pipe", "ignore", "pipe"], env: dockerEnv() },
      );
      const errors: string[] = [];
      tar.stderr.on("data", (d: Buffer) => errors.push(`tar: ${d.toString().trim()}`));
      importer.stderr.on("data", (d: Buffer) => errors.push(`docker import: ${d.toString().trim()}`));
      tar.stdout.pipe(importer.stdin);
      let pending = 2;
      const done = (code: number | null) => {
        if (code !== 0) errors.push(`exit status ${code}`);
        if (--pending === 0) {
          if (errors.length > 0) reject(new Error(errors.join("; ")));
          else resolve();
        }
      };
      tar.on("close", done);
      importer.on("close", done);
      tar.on("error", reject);
      importer.on("error", reject);
    });
  }
}

/**
 * The CLI's environment: no hints, and the classic builder, which builds `FROM` a local image offline (the
 * engine here is 20.10 and no registry is reachable).
 */
function dockerEnv(): NodeJS.ProcessEnv {
  return { ...process.env, DOCKER_CLI_HINTS: "false", DOCKER_BUILDKIT: "0" };
}
