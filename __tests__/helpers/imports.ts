import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { ROOT } from "./run";

/*
 * The project's import graph, read from the source the way the layering tests need it: every module a file
 * names in an import, export-from or require, resolved to a file of the repository.
 */

/** Every .ts file under `dir`, as absolute paths. */
export function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

/** Every module specifier a file imports, exports from or requires (statements, not prose in comments). */
export function specifiers(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const statements =
    /^(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"|^import\s+"([^"]+)"|\brequire\("([^"]+)"\)|\bimport\("([^"]+)"\)/gm;
  return [...text.matchAll(statements)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]);
}

/** The repository file a relative specifier resolves to, relative to ROOT (a folder means its index.ts). */
export function target(file: string, specifier: string): string {
  const path = resolve(dirname(file), specifier);
  const candidates = [`${path}.ts`, join(path, "index.ts")];
  const hit = candidates.find((candidate) => {
    try {
      return statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
  return relative(ROOT, hit ?? path);
}

/** Folders that are not the project's code: tests sit above everything and may import anything. */
const NOT_CODE = new Set(["__tests__", "node_modules", "lib", "dist", "cdktf.out", "api", "docs", "coverage"]);

/** Each code file of the project (relative to ROOT) and the project files it imports. */
export type ImportGraph = Map<string, string[]>;

export function projectImportGraph(): ImportGraph {
  const files = readdirSync(ROOT)
    .filter((entry) => !entry.startsWith(".") && !NOT_CODE.has(entry))
    .flatMap((entry) => {
      const path = join(ROOT, entry);
      if (statSync(path).isDirectory()) return tsFiles(path);
      return entry.endsWith(".ts") ? [path] : [];
    });
  return new Map(
    files.map((file) => [
      relative(ROOT, file),
      specifiers(file)
        .filter((s) => s.startsWith("."))
        .map((s) => target(file, s)),
    ]),
  );
}

/** Every folder (at any depth) that holds a file of the graph, itself or in a subfolder. */
function foldersOf(graph: ImportGraph): string[] {
  const folders = new Set<string>();
  for (const file of graph.keys()) {
    const parts = file.split("/").slice(0, -1);
    for (let depth = 1; depth <= parts.length; depth++) folders.add(parts.slice(0, depth).join("/"));
  }
  return [...folders].sort();
}

const inside = (file: string, folder: string) => file.startsWith(`${folder}/`);

/** The shortest chain of imports from a file in `from` to a file in `to`, or undefined when there is none. */
function chain(graph: ImportGraph, from: string, to: string): string[] | undefined {
  const starts = [...graph.keys()].filter((file) => inside(file, from));
  const previous = new Map<string, string | undefined>(starts.map((file) => [file, undefined]));
  const queue = [...starts];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (inside(next, to)) {
      const path = [next];
      for (let back = previous.get(next); back !== undefined; back = previous.get(back)) path.unshift(back);
      return path;
    }
    for (const imported of graph.get(next) ?? []) {
      if (previous.has(imported)) continue;
      previous.set(imported, next);
      queue.push(imported);
    }
  }
  return undefined;
}

/**
 * Every pair of folders that import each other, directly or through other folders, each with one chain of
 * imports either way. A folder's subfolders are part of it (config/rules/ is part of config/, a storage
 * kind's rules/ part of the kind), so only folders of which neither holds the other are compared.
 */
export function folderCircles(graph: ImportGraph): string[] {
  const folders = foldersOf(graph);
  const circles: string[] = [];
  for (const [i, a] of folders.entries()) {
    for (const b of folders.slice(i + 1)) {
      if (inside(b, a) || inside(a, b)) continue;
      const there = chain(graph, a, b);
      const back = there && chain(graph, b, a);
      if (there && back) circles.push(`${a} ⇄ ${b}: ${there.join(" → ")}; ${back.join(" → ")}`);
    }
  }
  return circles;
}
