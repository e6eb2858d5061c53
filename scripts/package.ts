/*
 * `npm run package [-- --destination <dir>]`: the library's package as it is published, a tarball, whose path is
 * the last line printed. It builds lib/, lets npm say which files ship (package.json `files`), stages them with
 * the manifest cleaned by clean-publish's clear-package-json (no scripts, no devDependencies: nothing of this
 * repository's development reaches a user's node_modules), and packs the staged folder with npm. Publish that
 * tarball (`npm publish <tarball>`); a plain `npm publish` of this folder is refused (prepublishOnly), since it
 * would ship the development manifest. __tests__/package/consumer.test.ts installs what this makes.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

const ROOT = join(__dirname, "..");

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}`);
  return result.stdout;
}

/** The files `npm pack` takes from this folder (package.json `files`, plus what npm always ships). */
function packedFiles(): string[] {
  const [pack] = JSON.parse(run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], ROOT)) as {
    files: { path: string }[];
  }[];
  return pack.files.map((file) => file.path);
}

function main(): void {
  const at = process.argv.indexOf("--destination");
  const destination = resolve(at > 0 ? process.argv[at + 1] : ROOT);
  run("npm", ["run", "build", "--silent"], ROOT);
  const stage = mkdtempSync(join(tmpdir(), "convex-stack-package-stage-"));
  try {
    for (const file of packedFiles().filter((path) => path !== "package.json"))
      cpSync(join(ROOT, file), join(stage, file), { recursive: false });
    const clearPackageJson = join(dirname(require.resolve("clean-publish/package.json")), "clear-package-json.js");
    run(
      process.execPath,
      [clearPackageJson, join(ROOT, "package.json"), "--output", join(stage, "package.json")],
      ROOT,
    );
    const [packed] = JSON.parse(
      run("npm", ["pack", stage, "--pack-destination", destination, "--json", "--ignore-scripts"], ROOT),
    ) as { filename: string }[];
    process.stdout.write(`${join(destination, packed.filename)}\n`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

main();
