#!/usr/bin/env node
"use strict";
/*
 * `node bin/run.js <entry.ts> [args...]`: runs a TypeScript entry point of this project (main.ts for
 * `cdktf synth`, bin/validate.ts for `npm run validate`) from one esbuild bundle cached in dist/, and
 * rebuilds that bundle first whenever a file it was built from has changed. Plain JavaScript because it
 * runs before anything is compiled.
 *
 * Why not `node --import tsx`: tsx's loader hooks slow every start, and so does loading cdktf, zod and the
 * docker provider as hundreds of separate files from node_modules; one bundle loads in a fraction of the
 * time (figures: docs/performance.md). Like tsx, this only transpiles: type-checking is `npm test`'s job,
 * never the synth path's.
 *
 * Freshness is decided by content, never by timestamps: an edit that lands within the file system's
 * timestamp granularity of the last build, or that keeps the size, would otherwise leave a stale bundle.
 * The build records a SHA-256 of every input (this project's files exactly as esbuild was handed them,
 * the root package.json, tsconfig.json, this file, and the package.json of every dependency that went
 * into the bundle, which changes whenever npm installs another version); every start hashes them again
 * and rebuilds on any difference.
 * Concurrent starts are safe: every file is written under a temporary name and renamed into place.
 *
 * Code on these paths must not rely on __dirname (it would be dist/'s): read files relative to the
 * working directory, as config/load.ts does.
 */
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const OUT_DIR = path.join(ROOT, "dist");

/**
 * Loaded from node_modules at run time instead of bundled: heavy packages needed only on some paths
 * (bucket provisioning, live checks), so they cost nothing when unused.
 */
const EXTERNAL = ["@cdktf/provider-aws", "@aws-sdk/*", "pg", "mysql2"];

/** Files whose change must rebuild every bundle, besides its own inputs. */
const ALWAYS_INPUTS = [__filename, path.join(ROOT, "package.json"), path.join(ROOT, "tsconfig.json")];

function main(argv) {
  const [entry, ...args] = argv;
  if (!entry || !entry.endsWith(".ts")) {
    process.stderr.write("usage: node bin/run.js <entry.ts> [args...]\n");
    process.exit(2);
  }
  const source = path.resolve(entry);
  const bundle = path.join(OUT_DIR, `${path.relative(ROOT, source).replace(/\.ts$/, "")}.js`);
  const inputsFile = `${bundle}.inputs.json`;
  const run = () => {
    process.argv = [process.argv[0], bundle, ...args];
    require(bundle);
  };
  if (isFresh(bundle, inputsFile)) run();
  else build(source, bundle, inputsFile).then(run);
}

/** SHA-256 of a file's content, or null when it cannot be read. */
function contentHash(file) {
  try {
    return hash(fs.readFileSync(file));
  } catch {
    return null;
  }
}

function hash(contents) {
  return crypto.createHash("sha256").update(contents).digest("hex");
}

function isFresh(bundle, inputsFile) {
  let recorded;
  try {
    recorded = JSON.parse(fs.readFileSync(inputsFile, "utf8"));
  } catch {
    return false; // never built, or unreadable: build
  }
  if (!fs.existsSync(bundle)) return false; // deleted by hand
  for (const [file, expected] of Object.entries(recorded)) if (contentHash(file) !== expected) return false;
  return true;
}

/** Loaders for the project's own files, which the build reads (and hashes) itself. */
const LOADERS = { ".ts": "ts", ".js": "js", ".cjs": "js", ".mjs": "js", ".json": "json" };

async function build(source, bundle, inputsFile) {
  const esbuild = require("esbuild");
  // What esbuild was handed, hashed as it was handed over: an edit during the build is a difference next time.
  const hashes = {};
  const hashWhatIsLoaded = {
    name: "hash-inputs",
    setup(build) {
      build.onLoad({ filter: /.*/ }, (args) => {
        const loader = LOADERS[path.extname(args.path)];
        if (!loader || args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const contents = fs.readFileSync(args.path);
        hashes[args.path] = hash(contents);
        return { contents, loader };
      });
    },
  };
  let result;
  try {
    result = await esbuild.build({
      entryPoints: [source],
      outfile: bundle,
      absWorkingDir: ROOT,
      bundle: true,
      platform: "node",
      format: "cjs",
      target: `node${process.versions.node.split(".")[0]}`,
      external: EXTERNAL,
      // Positions only (no sources): `node --enable-source-maps` then reports .ts files and lines.
      sourcemap: "linked",
      sourcesContent: false,
      metafile: true,
      write: false,
      logLevel: "silent",
      plugins: [hashWhatIsLoaded],
    });
  } catch (error) {
    // esbuild's own messages name file, line and column; a stack trace of this file would add nothing.
    const messages = esbuild.formatMessagesSync(error.errors ?? [], { kind: "error" });
    process.stderr.write(messages.join("") || `${error.message}\n`);
    process.exit(1);
  }
  fs.mkdirSync(path.dirname(bundle), { recursive: true });
  for (const output of result.outputFiles) writeAtomically(output.path, output.contents);
  writeAtomically(inputsFile, JSON.stringify(inputHashes(result.metafile, hashes)));
}

/**
 * The content hash of every file the bundle depends on: the project's files as the build read them, and
 * for a dependency its package.json (npm rewrites it on every install).
 */
function inputHashes(metafile, loaded) {
  const recorded = {};
  for (const file of ALWAYS_INPUTS) recorded[file] = contentHash(file);
  for (const input of Object.keys(metafile.inputs)) {
    const file = path.resolve(ROOT, input);
    if (loaded[file]) {
      recorded[file] = loaded[file];
      continue;
    }
    const match = /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(file);
    const dependency = match ? path.join(match[1], "package.json") : file;
    recorded[dependency] = contentHash(dependency);
  }
  return recorded;
}

function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, contents);
  fs.renameSync(temporary, file);
}

main(process.argv.slice(2));
