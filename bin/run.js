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
 * Freshness is checked on every start by comparing mtime and size of the bundle's inputs (this project's
 * files, the root package.json, tsconfig.json, this file, and the package.json of every dependency that
 * went into the bundle, which changes whenever npm installs another version): under 100 stat calls.
 * Concurrent starts are safe: every file is written under a temporary name and renamed into place.
 *
 * Code on these paths must not rely on __dirname (it would be dist/'s): read files relative to the
 * working directory, as config/load.ts does.
 */
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
  if (!isFresh(inputsFile)) build(source, bundle, inputsFile);
  process.argv = [process.argv[0], bundle, ...args];
  require(bundle);
}

/** [mtimeMs, size] of a file, or null when it is gone. */
function signature(file) {
  const stats = fs.statSync(file, { throwIfNoEntry: false });
  return stats ? [stats.mtimeMs, stats.size] : null;
}

function isFresh(inputsFile) {
  let recorded;
  try {
    recorded = JSON.parse(fs.readFileSync(inputsFile, "utf8"));
  } catch {
    return false; // never built, or unreadable: build
  }
  for (const [file, expected] of Object.entries(recorded)) {
    const actual = signature(file);
    if (!actual || actual[0] !== expected[0] || actual[1] !== expected[1]) return false;
  }
  return true;
}

function build(source, bundle, inputsFile) {
  const esbuild = require("esbuild");
  let result;
  try {
    result = esbuild.buildSync({
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
    });
  } catch (error) {
    // esbuild's own messages name file, line and column; a stack trace of this file would add nothing.
    const messages = esbuild.formatMessagesSync(error.errors ?? [], { kind: "error" });
    process.stderr.write(messages.join("") || `${error.message}\n`);
    process.exit(1);
  }
  fs.mkdirSync(path.dirname(bundle), { recursive: true });
  for (const output of result.outputFiles) writeAtomically(output.path, output.contents);
  writeAtomically(inputsFile, JSON.stringify(signatures(bundle, result.metafile)));
}

/**
 * The bundle and every file it depends on, with their signatures as of now (esbuild has just read them):
 * a change to any of them, or a bundle deleted by hand, means a rebuild.
 */
function signatures(bundle, metafile) {
  const files = new Set([bundle, ...ALWAYS_INPUTS]);
  for (const input of Object.keys(metafile.inputs)) {
    const file = path.resolve(ROOT, input);
    const match = /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(file);
    files.add(match ? path.join(match[1], "package.json") : file);
  }
  const recorded = {};
  for (const file of files) {
    const sig = signature(file);
    if (sig) recorded[file] = sig;
  }
  return recorded;
}

function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, contents);
  fs.renameSync(temporary, file);
}

main(process.argv.slice(2));
