import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { folderCircles, type ImportGraph, projectImportGraph, specifiers, target, tsFiles } from "./helpers/imports";
import { packageJson } from "./helpers/project";

/*
 * The library (constructs/) is what cdktf users install: it may not reach into the app, and the app may use
 * it only through its public entry points, as any other user does. Within the app, folders depend one way:
 * vocabulary/ and probes/ below the storage kinds, the kinds below config/, and so on up to bin/.
 */

const ROOT = join(__dirname, "..");
const LIBRARY = join(ROOT, "constructs");
/** The package's `exports` in order: `.`, `./domain`, `./aws`. */
const ENTRY_POINTS = ["constructs/index.ts", "constructs/domain/index.ts", "constructs/aws.ts"];
/** Every other top-level folder with TypeScript in it is the app (found, so a new app folder is covered too). */
const NOT_APP = new Set(["constructs", "__tests__", "node_modules", "lib", "dist", "cdktf.out", "api", "docs"]);
const APP_FOLDERS = readdirSync(ROOT).filter(
  (entry) =>
    !entry.startsWith(".") &&
    !NOT_APP.has(entry) &&
    statSync(join(ROOT, entry)).isDirectory() &&
    tsFiles(join(ROOT, entry)).length > 0,
);
/** Packages only the app loads: the library must not need them at run time. */
const APP_PACKAGES = ["zod", "pg", "mysql2", "tsx"];

describe("layering", () => {
  const libraryFiles = tsFiles(LIBRARY);

  it("the library imports nothing from outside constructs/", () => {
    const escapes = libraryFiles.flatMap((file) =>
      specifiers(file)
        .filter((s) => s.startsWith("."))
        .map((s) => ({ file: relative(ROOT, file), to: target(file, s) }))
        .filter(({ to }) => !to.startsWith("constructs/")),
    );
    expect(escapes).toEqual([]);
  });

  it("the library loads none of the app's packages", () => {
    const uses = libraryFiles.flatMap((file) =>
      specifiers(file)
        .filter((s) => APP_PACKAGES.some((p) => s === p || s.startsWith(`${p}/`)) || s.startsWith("@aws-sdk/"))
        .map((s) => `${relative(ROOT, file)} -> ${s}`),
    );
    expect(uses).toEqual([]);
  });

  it("the pure domain loads no construct and no cdktf", () => {
    const uses = tsFiles(join(LIBRARY, "domain")).flatMap((file) =>
      specifiers(file)
        .filter((s) => !s.startsWith("./"))
        .map((s) => `${relative(ROOT, file)} -> ${s}`),
    );
    expect(uses).toEqual([]);
  });

  it("the package depends at run time on exactly the packages the library loads, as peers", () => {
    const pkg = packageJson();
    const loaded = new Set(
      libraryFiles.flatMap((file) =>
        specifiers(file)
          .filter((s) => !s.startsWith(".") && !s.startsWith("node:"))
          .map((s) =>
            s
              .split("/")
              .slice(0, s.startsWith("@") ? 2 : 1)
              .join("/"),
          ),
      ),
    );
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual([...loaded].sort());
    for (const peer of loaded) expect(pkg.devDependencies[peer]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.peerDependenciesMeta).toEqual({ "@cdktf/provider-aws": { optional: true } });
  });

  it("the package's exports are the library's entry points, compiled", () => {
    const pkg = packageJson();
    const compiled = (entry: string) => `./${entry.replace(/^constructs\//, "lib/").replace(/\.ts$/, "")}`;
    const exported = Object.entries(pkg.exports).filter(([subpath]) => subpath !== "./package.json");
    expect(exported.map(([, target]) => target)).toEqual(
      ENTRY_POINTS.map((entry) => ({ types: `${compiled(entry)}.d.ts`, default: `${compiled(entry)}.js` })),
    );
  });

  it("the app uses the library only through its entry points", () => {
    expect(APP_FOLDERS).toEqual(
      expect.arrayContaining([
        "bin",
        "config",
        "doctor",
        "guards",
        "probes",
        "restore",
        "stacks",
        "storage-kinds",
        "vocabulary",
      ]),
    );
    const appFiles = [join(ROOT, "main.ts"), ...APP_FOLDERS.flatMap((folder) => tsFiles(join(ROOT, folder)))];
    const deep = appFiles.flatMap((file) =>
      specifiers(file)
        .filter((s) => s.startsWith("."))
        .map((s) => ({ file: relative(ROOT, file), to: target(file, s) }))
        .filter(({ to }) => to.startsWith("constructs/") && !ENTRY_POINTS.includes(to)),
    );
    expect(deep).toEqual([]);
  });

  describe("no folder imports a folder that imports it back", () => {
    const graph = projectImportGraph();

    it("not directly, nor through other folders", () => {
      expect(folderCircles(graph)).toEqual([]);
    });

    it("a circle would be found: vocabulary/ importing config/, whose loader imports the kinds, which import vocabulary/", () => {
      const circled: ImportGraph = new Map(graph);
      circled.set("vocabulary/rule.ts", [...graph.get("vocabulary/rule.ts")!, "config/load.ts"]);
      expect(folderCircles(circled)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^config ⇄ vocabulary: config\/.* → vocabulary\/.*; vocabulary\/rule\.ts → config\/load\.ts$/,
          ),
        ]),
      );
    });

    it("a circle would be found: a storage kind importing the app's list of kinds (config/storage-kinds.ts)", () => {
      const circled: ImportGraph = new Map(graph);
      const kind = "storage-kinds/local-storage/index.ts";
      circled.set(kind, [...graph.get(kind)!, "config/storage-kinds.ts"]);
      expect(folderCircles(circled)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^config ⇄ storage-kinds\/local-storage: config\/.*; storage-kinds\/local-storage\/index\.ts → config\/storage-kinds\.ts$/,
          ),
        ]),
      );
    });
  });
});
