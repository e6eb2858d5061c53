import { spawn } from "node:child_process";
import { originalOf } from "./terraform-copy";
import type { Attributes, DockerType } from "./translation";

/*
 * Terraform, run on the drill's copy of a stack (terraform-copy.ts) in a folder of the drill's own, and what it
 * evaluated: every docker object with its attributes, read from `terraform show -json`.
 */

/** One docker object as Terraform evaluated it. */
export interface EvaluatedObject {
  /** The terraform_data's address in the copy (with its for_each key or count index). */
  readonly address: string;
  readonly type: DockerType;
  /** The docker resource's name in cdk.tf.json. */
  readonly resource: string;
  readonly attributes: Attributes;
  /** The addresses (without index) of what it depends on, references included. */
  readonly dependsOn: readonly string[];
}

const LAST_LINES = 25;

/** Runs terraform in `folder`; rejects with the last lines Terraform printed when it fails (exit codes in `accept` are fine). */
export function terraform(
  folder: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  accept: readonly number[] = [0],
): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", [`-chdir=${folder}`, ...args], {
      env: { ...env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", (error) =>
      reject(new Error(`could not run terraform (${error.message}): Terraform 1.7 or newer must be on the PATH`)),
    );
    child.on("close", (code) => {
      const stdout = Buffer.concat(out).toString("utf8");
      if (code !== null && accept.includes(code)) return resolve({ code, stdout });
      const said = `${Buffer.concat(err).toString("utf8")}\n${args[0] === "show" ? "" : stdout}`
        .split("\n")
        .filter((line) => line.trim() !== "")
        .slice(-LAST_LINES);
      reject(new Error(`terraform ${args[0]} failed (exit ${code}):\n${said.map((l) => `    ${l}`).join("\n")}`));
    });
  });
}

interface ShownResource {
  address?: unknown;
  type?: unknown;
  name?: unknown;
  values?: unknown;
  depends_on?: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * The docker objects of the copy in `terraform show -json` output (of the state, or of a plan file: its planned
 * values). Anything else in it, and anything malformed, is left out.
 */
export function evaluatedObjects(shown: string): EvaluatedObject[] {
  let document: unknown;
  try {
    document = JSON.parse(shown);
  } catch {
    throw new Error("terraform show -json printed something that is not JSON");
  }
  const root = isRecord(document)
    ? ((document.values ?? document.planned_values) as { root_module?: { resources?: unknown } } | undefined)
    : undefined;
  const resources = Array.isArray(root?.root_module?.resources) ? (root.root_module.resources as ShownResource[]) : [];
  const objects: EvaluatedObject[] = [];
  for (const resource of resources as unknown[]) {
    if (!isRecord(resource)) continue;
    const { address, type, name, values, depends_on: dependsOn } = resource as ShownResource;
    if (type !== "terraform_data" || typeof name !== "string" || !isRecord(values)) continue;
    const original = originalOf(name);
    // In a plan the output is not known yet: the input is the same value.
    const attributes = values.output ?? values.input;
    if (!original || !isRecord(attributes)) continue;
    objects.push({
      address: String(address),
      type: original.type,
      resource: original.name,
      attributes,
      dependsOn: Array.isArray(dependsOn) ? dependsOn.map(String) : [],
    });
  }
  return objects;
}

/** The address of a resource without its instance key: `terraform_data.x["a"]` -> `terraform_data.x`. */
export function withoutIndex(address: string): string {
  const bracket = address.indexOf("[");
  return bracket < 0 ? address : address.slice(0, bracket);
}
