import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { loadDeployableWorkspaces } from "../guards";
import { DEFAULT_WORKSPACES_DIR } from "../vocabulary/defaults";
import { loadWorkspaces, parseWorkspace } from "../config/load";
import { STORAGE_KINDS } from "../config/storage-kinds";
import { ROOT } from "./helpers/run";
import { synth } from "./helpers/workspaces";

const EXAMPLES_DIR = "config/examples";
const examples = readdirSync(join(ROOT, EXAMPLES_DIR))
  .filter((file) => file.endsWith(".json"))
  .sort()
  .map((file) => {
    const path = `${EXAMPLES_DIR}/${file}`;
    return { path, text: readFileSync(join(ROOT, path), "utf8") };
  });
const parsed = examples.map(({ path, text }) => ({ path, ...parseWorkspace(path, text, {}) }));

describe("example workspace files", () => {
  it("cover every storage strategy and every database kind", () => {
    const kinds = parsed.map((e) => e.workspace?.config);
    expect(new Set(kinds.map((c) => c?.storage.kind))).toEqual(new Set(STORAGE_KINDS.all.map((kind) => kind.kind)));
    expect(new Set(kinds.map((c) => c?.database.kind))).toEqual(new Set(["sqlite", "postgres", "mysql"]));
  });

  it("live outside the workspaces directory, so `npm run synth` builds only the default", () => {
    expect(EXAMPLES_DIR.startsWith(DEFAULT_WORKSPACES_DIR)).toBe(false);
    const synthesized = loadWorkspaces({ path: join(ROOT, DEFAULT_WORKSPACES_DIR), env: {} }).map((ws) => ws.name);
    for (const example of parsed) expect(synthesized).not.toContain(example.workspace!.name);
  });

  it("can all be copied into config/workspaces/ beside local.json at once, and validate as they are (each has its own ports and names)", async () => {
    const project = mkdtempSync(join(tmpdir(), "examples-beside-local-"));
    try {
      const workspaces = join(project, DEFAULT_WORKSPACES_DIR);
      mkdirSync(workspaces, { recursive: true });
      const shipped = join(ROOT, DEFAULT_WORKSPACES_DIR, "local.json");
      for (const file of [shipped, ...examples.map(({ path }) => join(ROOT, path))])
        copyFileSync(file, join(workspaces, basename(file)));
      const notes: string[] = [];
      const loaded = await loadDeployableWorkspaces({
        path: workspaces,
        env: {},
        offline: true,
        outdir: join(project, "cdktf.out"),
        warn: (note) => notes.push(note),
      });
      expect(loaded.map((ws) => ws.name).sort()).toEqual(
        ["local", ...parsed.map((example) => example.workspace!.name)].sort(),
      );
      expect(notes.filter((note) => !note.startsWith("offline"))).toEqual([]);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it.each(parsed.map((e) => [e.path, e] as const))("%s synthesizes", (_path, example) => {
    expect(example.findings).toEqual([]);
    expect(JSON.parse(synth(example.workspace!).json)).toMatchSnapshot();
  });

  it("are the ones the documentation shows", () => {
    const pages = ["README.md", ...readdirSync(join(ROOT, "docs")).map((page) => `docs/${page}`)].filter((page) =>
      page.endsWith(".md"),
    );
    const text = pages.map((page) => readFileSync(join(ROOT, page), "utf8")).join("\n");
    const blocks = [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.stringify(JSON.parse(m[1])));
    for (const { path, text } of examples)
      expect({ path, shown: blocks.includes(JSON.stringify(JSON.parse(text))) }).toEqual({ path, shown: true });
  });
});
