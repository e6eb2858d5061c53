import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { findWorkspace } from "../config/find-workspace";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import { resourceNames } from "../constructs/domain";
import { Engine, DrillRefused } from "./engine";
import { stillUp, waitUntilUp } from "./health";
import { type BuiltImage, ensureImages } from "./images";
import type { Report } from "./report";
import { type TerraformJson, ignoredChanges, imageNames, terraformDataCopy, copyName } from "./terraform-copy";
import { type EvaluatedObject, evaluatedObjects, terraform, withoutIndex } from "./terraform";
import {
  type Difference,
  containerRequest,
  differences,
  networkRequest,
  untranslated,
  volumeRequest,
} from "./translation";

/*
 * One workspace brought up on the local Docker engine from its own cdk.tf.json: synthesized as `npm run synth`
 * does, evaluated by Terraform (terraform-copy.ts), created through the provider's steps (translation.ts),
 * waited for, and compared with what Terraform evaluated. Everything lives in a run folder of its own (the
 * workspace file's copy, the synthesized stack, Terraform's copy and state); the drill removes exactly the
 * objects it created.
 */

export interface DrillOptions {
  /** The workspace file the drill runs (it is copied; the original is never changed). */
  readonly workspaceFile: string;
  /** Leave what it created in place. @default false */
  readonly keep?: boolean;
  /** Receives each line. @default stdout */
  readonly say?: (line: string) => void;
  /** The environment Terraform and the commands get (TF_VAR_* included). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** The project whose commands run (`npm run synth`, `npm run restore`). @default the working directory */
  readonly root?: string;
}

/** How long the drill waits for its containers when the stack asks for no `wait_timeout`. */
const UP_TIMEOUT_SECONDS = 120;

/** What the drill created, so it removes exactly that. */
interface Created {
  readonly containers: Set<string>;
  readonly networks: Set<string>;
  readonly volumes: Set<string>;
}

export class Drill {
  readonly engine: Engine;
  readonly ws: ResolvedWorkspace;
  readonly runDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly root: string;
  /** The drill's copy of the workspace file, which `npm run restore` and the re-deploys read. */
  readonly workspaceCopy: string;
  readonly created: Created = { containers: new Set(), networks: new Set(), volumes: new Set() };
  /** The volume generation the drill's copy of the workspace file deploys. */
  generation: number;
  /** What Terraform evaluated in the last apply. */
  objects: EvaluatedObject[] = [];
  private stack: TerraformJson = {};
  private images = new Map<string, BuiltImage>();

  constructor(
    readonly options: DrillOptions,
    readonly report: Report,
  ) {
    this.env = options.env ?? process.env;
    this.root = resolve(options.root ?? process.cwd());
    this.ws = findWorkspace(options.workspaceFile).ws;
    this.engine = new Engine(this.ws.config.docker.host);
    this.runDir = mkdtempSync(join(tmpdir(), `convex-drill-${this.ws.name}-`));
    mkdirSync(join(this.runDir, "workspaces"));
    this.workspaceCopy = join(this.runDir, "workspaces", basename(options.workspaceFile));
    copyFileSync(options.workspaceFile, this.workspaceCopy);
    this.generation = this.ws.config.volume.generation;
  }

  private get outdir(): string {
    return join(this.runDir, "cdktf.out");
  }
  private get terraformDir(): string {
    return join(this.runDir, "terraform");
  }
  /** Where `npm run synth`'s guards look for this stack's local state: next to the output folder. */
  private get statePath(): string {
    return join(this.runDir, `terraform.${this.ws.name}.tfstate`);
  }
  get stackFile(): string {
    return join(this.outdir, "stacks", this.ws.name, "cdk.tf.json");
  }

  /** The containers Terraform evaluated, by name. */
  containers(): EvaluatedObject[] {
    return this.objects.filter((o) => o.type === "docker_container");
  }

  /** The labels Terraform evaluated for a container. */
  labelsOf(container: string): Record<string, string> {
    const object = this.containers().find((o) => o.attributes.name === container);
    return object ? (containerRequest(object.attributes).create.Labels ?? {}) : {};
  }

  /** The backend's API on this machine, through the port the stack publishes. */
  backendUrl(): string {
    const { bindAddress, ports } = this.ws.config.network;
    const host = bindAddress === "0.0.0.0" || bindAddress === "::" ? "127.0.0.1" : bindAddress;
    return `http://${host.includes(":") ? `[${host}]` : host}:${ports.backend}`;
  }

  /** " (stand-in ...)" for a container whose image only stands in for the real one (the images line says what it is). */
  standInNote(container: string): string {
    const object = this.containers().find((o) => o.attributes.name === container);
    const image = [...this.images].find(([, i]) => i.id === object?.attributes.image);
    return image?.[1].standIn ? ` (a stand-in for ${image[0].replace(/:.*$/, "")}, not Convex)` : "";
  }

  /** `npm run synth` into the run folder, reading only the drill's copy of the workspace file. */
  async synthesize(): Promise<string> {
    const synth = ["--require", require.resolve("tsx/cjs"), join(this.root, "bin", "synth.ts")];
    await run(process.execPath, [...synth, "--output", this.outdir], {
      cwd: this.root,
      env: { ...this.env, CONVEX_STACK_WORKSPACES: join(this.runDir, "workspaces") },
    });
    return this.loadStack();
  }

  /** Reads the synthesized stack (what `synthesize` wrote), refusing one that uses what the drill does not apply. */
  loadStack(): string {
    this.stack = JSON.parse(readFileSync(this.stackFile, "utf8")) as TerraformJson;
    const missing = untranslated(this.stack);
    if (missing.length > 0)
      throw new DrillRefused(
        `the stack uses what the drill does not apply (drill/translation.ts): ${missing.join("; ")}`,
      );
    const count = (type: string) => Object.keys(this.stack.resource?.[type] ?? {}).length;
    return `${this.stackFile}: ${count("docker_container")} containers, ${count("docker_volume")} volumes, ${count("docker_network")} networks, ${count("docker_image")} images`;
  }

  /** The locally built image of every reference the stack pins (nothing is pulled), built when its recipe changed. */
  async buildImages(): Promise<string> {
    this.images = await ensureImages(imageNames(this.stack), { host: this.engine.host });
    return [...this.images]
      .map(
        ([name, image]) =>
          `${name} ${image.built ? "built" : "found"}: ${image.standIn ? `STAND-IN: ${image.standIn}` : image.description}`,
      )
      .join("; ");
  }

  /**
   * Terraform applies the copy: every expression, guard and precondition runs. On a first deploy, refuses when
   * any network, volume or container it names already exists on the engine (a real deployment's, or another
   * run's), before anything is created.
   */
  async evaluate(firstDeploy: boolean): Promise<string> {
    rmSync(this.terraformDir, { recursive: true, force: true });
    mkdirSync(this.terraformDir);
    const copy = terraformDataCopy(this.stack, {
      imageIds: new Map([...this.images].map(([name, image]) => [name, image.id])),
      statePath: this.statePath,
    });
    writeFileSync(join(this.terraformDir, "main.tf.json"), JSON.stringify(copy, null, 2));
    await terraform(this.terraformDir, ["init", "-input=false", "-no-color"], this.env);
    if (firstDeploy) await this.refuseExisting(await this.plannedNames());
    await terraform(this.terraformDir, ["apply", "-input=false", "-no-color", "-auto-approve"], this.env);
    const shown = (await this.show()).stdout;
    this.objects = evaluatedObjects(shown);
    const state = JSON.parse(shown) as { values?: { root_module?: { resources?: unknown[] } } };
    const total = state.values?.root_module?.resources?.length ?? 0;
    return `terraform applied the terraform_data copy: ${total} resources (${this.objects.length} docker objects), every guard and precondition passed`;
  }

  private show(planFile?: string) {
    return terraform(this.terraformDir, ["show", "-json", "-no-color", ...(planFile ? [planFile] : [])], this.env);
  }

  /**
   * The names of the docker objects the apply will create, by type: the literal names of cdk.tf.json when
   * they all are literals (each plan of a stack with AWS resources starts the AWS provider, tens of seconds
   * here), else what Terraform plans.
   */
  private async plannedNames(): Promise<Map<string, string[]>> {
    const names = new Map<string, string[]>();
    let literal = true;
    for (const type of ["docker_network", "docker_volume", "docker_container"])
      for (const attributes of Object.values(this.stack.resource?.[type] ?? {})) {
        const name = attributes.name;
        if (
          typeof name !== "string" ||
          name.includes("${") ||
          attributes.count !== undefined ||
          attributes.for_each !== undefined
        )
          literal = false;
        names.set(type, [...(names.get(type) ?? []), String(name)]);
      }
    if (literal) return names;
    await terraform(this.terraformDir, ["plan", "-input=false", "-no-color", "-out=plan"], this.env);
    const planned = evaluatedObjects((await this.show("plan")).stdout);
    return new Map(
      ["docker_network", "docker_volume", "docker_container"].map((type) => [
        type,
        planned.filter((o) => o.type === type).map((o) => String(o.attributes.name)),
      ]),
    );
  }

  private async refuseExisting(planned: ReadonlyMap<string, string[]>): Promise<void> {
    const names = (type: string) => planned.get(type) ?? [];
    const existing = [
      ...(await this.engine.existing("network", names("docker_network"))).map((n) => `network ${n}`),
      ...(await this.engine.existing("volume", names("docker_volume"))).map((n) => `volume ${n}`),
      ...(await this.engine.existing("container", names("docker_container"))).map((n) => `container ${n}`),
    ];
    if (existing.length > 0)
      throw new DrillRefused(
        `${existing.join(", ")} already exist${existing.length === 1 ? "s" : ""} on ${this.engine.host}: the drill never touches objects it did not create. Run it on a copy of the workspace file with another "name"`,
      );
  }

  /**
   * Brings the engine to what Terraform evaluated, as the provider's apply would: networks and volumes first
   * (an existing volume is taken as it is, as the engine answers its create), images checked, then containers
   * in dependency order, each one that has `wait` waited for before what depends on it. A container that
   * already matches is kept; one that differs, or that the stack no longer has, is replaced or removed.
   */
  async reconcile(): Promise<string> {
    const said: string[] = [];
    const taken: string[] = [];
    for (const object of this.objects.filter((o) => o.type === "docker_network")) {
      const request = networkRequest(object.attributes);
      if ((await this.engine.existing("network", [request.create.Name])).length > 0) {
        await this.refuseDifferent(object);
        continue;
      }
      await this.engine.createNetwork(request);
      this.created.networks.add(request.create.Name);
      said.push(`network ${request.create.Name}`);
    }
    for (const object of this.objects.filter((o) => o.type === "docker_volume")) {
      const request = volumeRequest(object.attributes);
      const existed = (await this.engine.existing("volume", [request.create.Name])).length > 0;
      await this.engine.createVolume(request);
      if (existed) {
        await this.refuseDifferent(object);
        taken.push(`volume ${request.create.Name}`);
      } else {
        this.created.volumes.add(request.create.Name);
        said.push(`volume ${request.create.Name}`);
      }
    }
    for (const object of this.objects.filter((o) => o.type === "docker_image")) await this.refuseDifferent(object);

    const wanted = new Set(this.containers().map((o) => String(o.attributes.name)));
    for (const name of this.created.containers)
      if (!wanted.has(name)) {
        await this.engine.removeContainer(name);
        this.created.containers.delete(name);
      }
    for (const object of dependencyOrder(this.containers())) {
      const request = containerRequest(object.attributes);
      const name = request.create.name!;
      if ((await this.engine.existing("container", [name])).length > 0) {
        if ((await this.differencesOf(object)).length === 0) continue;
        await this.engine.removeContainer(name);
      }
      this.created.containers.add(name);
      await this.engine.createContainer(request);
      if (request.wait) await waitUntilUp(this.engine, [{ name, ownHealthcheck: true }], request.waitTimeoutSeconds);
      said.push(`container ${name}${this.standInNote(name)}`);
    }
    return [
      said.length > 0 ? `created ${said.join(", ")}` : "created nothing",
      ...(taken.length > 0
        ? [`taken as they are (as the engine answers a create of an existing volume): ${taken.join(", ")}`]
        : []),
    ].join("; ");
  }

  private async refuseDifferent(object: EvaluatedObject): Promise<void> {
    const found = await this.differencesOf(object);
    if (found.length > 0)
      throw new Error(
        `${object.type.replace("docker_", "")} ${String(object.attributes.name)} exists and differs from the stack: ${describe(found)}`,
      );
  }

  /** Every container running, never restarted, healthy where it has a healthcheck. */
  async waitUntilUp(): Promise<string> {
    const timeout = Math.max(
      UP_TIMEOUT_SECONDS,
      ...this.containers().map((o) => Number(o.attributes.wait_timeout ?? 0)),
    );
    const took = await waitUntilUp(this.engine, this.awaited(), timeout);
    return [...took]
      .map(
        ([name, { seconds, note }]) =>
          `${name} up after ${seconds.toFixed(1)} s${note ? ` (${note})` : ""}${this.standInNote(name)}`,
      )
      .join(", ");
  }

  /** Every container, with whether the stack gives it a healthcheck. */
  private awaited() {
    return this.containers().map((o) => ({
      name: String(o.attributes.name),
      ownHealthcheck: o.attributes.healthcheck !== undefined && o.attributes.healthcheck !== null,
    }));
  }

  /** One object's evaluated attributes against the engine. */
  async differencesOf(object: EvaluatedObject): Promise<Difference[]> {
    const name = String(object.attributes.name);
    const ignored = ignoredChanges(this.stack).get(copyName(object.type, object.resource)) ?? [];
    switch (object.type) {
      case "docker_container": {
        const files = containerRequest(object.attributes).uploads.map((u) => u.file);
        return differences(object.type, object.attributes, await this.engine.observeContainer(name, files), ignored);
      }
      case "docker_network":
        return differences(object.type, object.attributes, await this.engine.observeNetwork(name), ignored);
      case "docker_volume":
        return differences(object.type, object.attributes, await this.engine.observeVolume(name), ignored);
      case "docker_image": {
        const observed = await this.engine.observeImage(name);
        if (!observed) return [{ attribute: "name", detail: `no image ${name} on the engine` }];
        return differences(object.type, object.attributes, observed, ignored);
      }
    }
  }

  /**
   * The drill's second apply: Terraform's plan of the same copy is empty, and every attribute Terraform
   * evaluated is what the engine holds (an empty second plan, as the provider would read the objects back).
   */
  async secondApply(): Promise<string> {
    const plan = await terraform(
      this.terraformDir,
      ["plan", "-input=false", "-no-color", "-detailed-exitcode"],
      this.env,
      [0, 2],
    );
    if (plan.code === 2)
      throw new Error(`terraform would change the copy on a second apply:\n${indent(planSummary(plan.stdout))}`);
    const found: string[] = [];
    let attributes = 0;
    for (const object of this.objects) {
      attributes += Object.keys(object.attributes).length;
      const differs = await this.differencesOf(object);
      if (differs.length > 0) found.push(`${object.type} ${String(object.attributes.name)}: ${describe(differs)}`);
    }
    await stillUp(this.engine, this.awaited());
    if (found.length > 0) throw new Error(`the engine differs from the stack:\n${indent(found.join("\n"))}`);
    return `no change: terraform's plan is empty and the engine holds all ${attributes} attributes of the ${this.objects.length} docker objects as evaluated`;
  }

  /** Changes the drill's copy of the workspace file (e.g. the volume generation to deploy a restore). */
  editWorkspace(change: (file: Record<string, unknown>) => void): void {
    const file = JSON.parse(readFileSync(this.workspaceCopy, "utf8")) as Record<string, unknown>;
    change(file);
    writeFileSync(this.workspaceCopy, `${JSON.stringify(file, null, 2)}\n`);
  }

  /**
   * `npm run restore` on the drill's copy of the workspace file: the newest complete snapshot into the next
   * volume generation, which the drill then owns (and removes at the end).
   */
  async restore(): Promise<{ volume: string; snapshot: string }> {
    const target = resourceNames(this.ws.name, this.generation + 1).volume;
    if ((await this.engine.existing("volume", [target])).length > 0)
      throw new DrillRefused(
        `volume ${target} already exists on ${this.engine.host}: the drill restores only into a volume it creates`,
      );
    this.created.volumes.add(target);
    const said = await run("npm", ["run", "--silent", "restore", "--", this.workspaceCopy], {
      cwd: this.root,
      env: this.env,
    });
    const restored = /^Restored (\S+) into (\S+);/m.exec(said);
    if (!restored || restored[2] !== target)
      throw new Error(`npm run restore did not say it restored into ${target}:\n${indent(said.trim())}`);
    return { volume: target, snapshot: restored[1] };
  }

  /** The drill's copy of the workspace file at another volume generation, synthesized, applied and up. */
  async redeploy(generation: number): Promise<string> {
    this.editWorkspace((file) => {
      file.volume = { ...(file.volume as object | undefined), generation };
    });
    this.generation = generation;
    await this.synthesize();
    await this.evaluate(false);
    const created = await this.reconcile();
    const up = await this.waitUntilUp();
    return `volume.generation ${generation} synthesized and applied; ${created}; ${up}`;
  }

  /** Every container, network and volume the drill created removed, its Terraform state and folder gone. */
  async removeEverything(): Promise<string> {
    const removed = await this.removeCreated();
    rmSync(this.terraformDir, { recursive: true, force: true });
    rmSync(this.statePath, { force: true });
    this.objects = [];
    return removed;
  }

  /** Removes what the drill created (containers, then networks, then volumes); never an image. */
  async removeCreated(): Promise<string> {
    const all = [
      ...[...this.created.containers].map((name) => `${name}${this.standInNote(name)}`),
      ...this.created.networks,
      ...this.created.volumes,
    ];
    for (const name of this.created.containers) await this.engine.removeContainer(name);
    for (const name of this.created.networks) await this.engine.removeNetwork(name);
    for (const name of this.created.volumes) await this.engine.removeVolume(name);
    this.created.containers.clear();
    this.created.networks.clear();
    this.created.volumes.clear();
    return all.length > 0 ? `removed ${all.join(", ")}` : "nothing to remove";
  }

  /** What --keep leaves, and how to remove it by hand. */
  kept(): string[] {
    const { containers, networks, volumes } = this.created;
    return [
      `kept: ${this.runDir} (workspace copy, cdk.tf.json, Terraform's copy and state)`,
      ...(containers.size > 0 ? [`  docker rm -f ${[...containers].join(" ")}`] : []),
      ...(networks.size > 0 ? [`  docker network rm ${[...networks].join(" ")}`] : []),
      ...(volumes.size > 0 ? [`  docker volume rm ${[...volumes].join(" ")}`] : []),
    ];
  }

  removeRunDir(): void {
    rmSync(this.runDir, { recursive: true, force: true });
  }
}

/** Containers ordered so that each comes after every container it depends on (by reference or depends_on). */
export function dependencyOrder(containers: readonly EvaluatedObject[]): EvaluatedObject[] {
  const ordered: EvaluatedObject[] = [];
  const placed = new Set<string>();
  const remaining = [...containers].sort((a, b) => (a.address < b.address ? -1 : 1));
  const addresses = new Set(containers.map((c) => withoutIndex(c.address)));
  while (remaining.length > 0) {
    const next = remaining.findIndex((c) =>
      c.dependsOn.every((dep) => !addresses.has(dep) || dep === withoutIndex(c.address) || placed.has(dep)),
    );
    if (next < 0)
      throw new Error(`the containers depend on each other in a circle: ${remaining.map((c) => c.address).join(", ")}`);
    const [object] = remaining.splice(next, 1);
    ordered.push(object);
    // An address is placed once all its instances are.
    const address = withoutIndex(object.address);
    if (!remaining.some((c) => withoutIndex(c.address) === address)) placed.add(address);
  }
  return ordered;
}

function describe(found: readonly Difference[]): string {
  return found.map((d) => `${d.attribute} ${d.detail}`).join("; ");
}

const indent = (text: string) =>
  text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");

/** The lines of a plan that say what would change. */
function planSummary(stdout: string): string {
  return stdout
    .split("\n")
    .filter((line) => /^\s*# |^Plan:/.test(line))
    .slice(0, 20)
    .join("\n");
}

/** Runs a command; rejects with its last output lines when it exits non-zero. */
function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    const output: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => output.push(d));
    child.stderr.on("data", (d: Buffer) => output.push(d));
    child.on("error", reject);
    child.on("close", (code) => {
      const text = Buffer.concat(output).toString("utf8");
      if (code === 0) return resolvePromise(text);
      reject(
        new Error(
          `${basename(args[0] ?? command)} exited with ${code}:\n${indent(text.trim().split("\n").slice(-20).join("\n"))}`,
        ),
      );
    });
  });
}
