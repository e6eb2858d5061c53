import { copyFileSync, readdirSync, readFileSync } from "node:fs";
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

/**
 * Copies every example workspace (each storage strategy and database) into `dir`, as they are: each has its own
 * name and ports, so they load and synthesize side by side. Returns their workspace names.
 */
export function examplesSideBySide(dir: string): string[] {
  const examples = join(ROOT, "config", "examples");
  return readdirSync(examples)
    .filter((file) => file.endsWith(".json"))
    .map((file) => {
      copyFileSync(join(examples, file), join(dir, file));
      return (JSON.parse(readFileSync(join(dir, file), "utf8")) as { name: string }).name;
    });
}
