import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./run";

/** The repository's package.json, in the parts tests read. */
export interface PackageJson {
  readonly scripts: Record<string, string>;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies: Record<string, string>;
  readonly peerDependencies: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  readonly exports: Record<string, { types: string; default: string } | string>;
}

export function packageJson(): PackageJson {
  return JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as PackageJson;
}

/** cdktf.json's `app`: the command `cdktf synth` runs. */
export function cdktfApp(): string {
  return (JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")) as { app: string }).app;
}

/** An example workspace file as JSON, in the parts tests change. */
export interface ExampleFile {
  readonly name: string;
  network?: Record<string, unknown>;
}

export function exampleFile(file: string): ExampleFile {
  return JSON.parse(readFileSync(join(ROOT, "config", "examples", file), "utf8")) as ExampleFile;
}
