import { existsSync } from "node:fs";
import Docker from "dockerode";
import { firstFile, tarOneFile } from "./tar";
import type {
  ContainerRequest,
  NetworkRequest,
  ObservedContainer,
  ObservedImage,
  ObservedNetwork,
  ObservedVolume,
  VolumeRequest,
} from "./translation";

/*
 * The local Docker engine, through its API (dockerode): the drill creates, waits for, inspects, execs in and
 * removes exactly the objects it names, nothing found by a pattern.
 */

/** A refusal that says what to do: the drill prints it and creates nothing. */
export class DrillRefused extends Error {}

/** The socket of a local engine (`unix://<path>`); any other host is refused: the drill never reaches a real deployment's engine. */
function localSocket(host: string): string {
  const match = /^unix:\/\/(\/.+)$/.exec(host);
  if (!match)
    throw new DrillRefused(
      `docker.host is ${JSON.stringify(host)}: the drill runs only on the local engine (a unix:// socket), never on a deployment's host. Run it on a copy of the workspace file with "docker": { "host": "unix:///var/run/docker.sock" }`,
    );
  if (!existsSync(match[1]))
    throw new DrillRefused(`no Docker engine answers at ${host}: ${match[1]} does not exist (is dockerd running?)`);
  return match[1];
}

export type ObjectKind = "network" | "volume" | "container";

const isMissing = (error: unknown) => (error as { statusCode?: number }).statusCode === 404;

/** Docker's multiplexed stdout/stderr stream (no TTY) as text, both streams in order. */
function demultiplex(stream: Buffer): string {
  const parts: Buffer[] = [];
  for (let at = 0; at + 8 <= stream.length;) {
    const size = stream.readUInt32BE(at + 4);
    parts.push(stream.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return Buffer.concat(parts).toString("utf8");
}

export class Engine {
  private readonly docker: Docker;

  constructor(readonly host: string) {
    this.docker = new Docker({ socketPath: localSocket(host) });
  }

  /** Those of `names` that exist on the engine as that kind of object. */
  async existing(kind: ObjectKind, names: readonly string[]): Promise<string[]> {
    const found: string[] = [];
    for (const name of names) {
      try {
        const object =
          kind === "network"
            ? await this.docker.getNetwork(name).inspect()
            : kind === "volume"
              ? await this.docker.getVolume(name).inspect()
              : await this.docker.getContainer(name).inspect();
        // The engine also resolves a prefix of an id: only the exact name counts.
        if (object.Name.replace(/^\//, "") === name) found.push(name);
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    return found;
  }

  async createNetwork(request: NetworkRequest): Promise<void> {
    await this.docker.createNetwork(request.create);
  }

  /** Creates a volume; like the provider, an existing volume of that name is taken as it is (the engine answers with it). */
  async createVolume(request: VolumeRequest): Promise<void> {
    await this.docker.createVolume(request.create);
  }

  /** The provider's create: create, leave the default bridge, join the networks, upload the files, start. */
  async createContainer(request: ContainerRequest): Promise<void> {
    const container = await this.docker.createContainer(request.create);
    if (request.networks.length > 0) {
      try {
        await this.docker.getNetwork("bridge").disconnect({ Container: container.id });
      } catch (error) {
        // resourceDockerContainerCreate ignores "is not connected to the network bridge".
        if (!/is not connected/.test((error as Error).message)) throw error;
      }
      for (const network of request.networks)
        await this.docker
          .getNetwork(network.name)
          .connect({ Container: container.id, EndpointConfig: { Aliases: [...network.aliases] } });
    }
    for (const upload of request.uploads)
      await container.putArchive(tarOneFile(upload.file, upload.content, upload.mode), { path: "/" });
    await container.start();
  }

  async inspectContainer(name: string): Promise<Docker.ContainerInspectInfo> {
    return this.docker.getContainer(name).inspect();
  }

  /** What the no-change check compares for one container; `files`: the paths the stack uploads into it. */
  async observeContainer(name: string, files: readonly string[]): Promise<ObservedContainer> {
    const container = await this.inspectContainer(name);
    const image = await this.docker.getImage(container.Image).inspect();
    const uploads = new Map<string, { content: Buffer; mode: number }>();
    for (const file of files) {
      try {
        const archive = await this.docker.getContainer(name).getArchive({ path: file });
        const chunks: Buffer[] = [];
        for await (const chunk of archive) chunks.push(chunk as Buffer);
        const found = firstFile(Buffer.concat(chunks));
        if (found) uploads.set(file, found);
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    return { container, image, uploads };
  }

  async observeNetwork(name: string): Promise<ObservedNetwork> {
    return { network: await this.docker.getNetwork(name).inspect() };
  }

  async observeVolume(name: string): Promise<ObservedVolume> {
    return { volume: await this.docker.getVolume(name).inspect() };
  }

  /** The image a reference names; undefined when there is none on the engine. */
  async observeImage(reference: string): Promise<ObservedImage | undefined> {
    try {
      return { image: await this.docker.getImage(reference).inspect() };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /** The last lines a container wrote (stdout and stderr). */
  async logTail(name: string, lines = 30): Promise<string> {
    try {
      const output = await this.docker
        .getContainer(name)
        .logs({ stdout: true, stderr: true, tail: lines, follow: false });
      return demultiplex(output).trimEnd();
    } catch (error) {
      return `(no logs: ${(error as Error).message})`;
    }
  }

  /** Runs a command in a running container, as `docker exec` does; its exit code and output (stdout and stderr). */
  async exec(name: string, command: readonly string[]): Promise<{ exitCode: number; output: string }> {
    const exec = await this.docker
      .getContainer(name)
      .exec({ Cmd: [...command], AttachStdout: true, AttachStderr: true });
    const stream = await exec.start({ hijack: true, stdin: false });
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", resolve);
      stream.on("error", reject);
    });
    const { ExitCode } = await exec.inspect();
    return { exitCode: ExitCode ?? -1, output: demultiplex(Buffer.concat(chunks)) };
  }

  /** Removes a container, running or not. */
  async removeContainer(name: string): Promise<void> {
    try {
      await this.docker.getContainer(name).remove({ force: true });
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  async removeNetwork(name: string): Promise<void> {
    try {
      await this.docker.getNetwork(name).remove();
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  async removeVolume(name: string): Promise<void> {
    try {
      await this.docker.getVolume(name).remove();
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
}
