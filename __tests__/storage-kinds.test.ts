import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { STORAGE_KINDS } from "../config/storage-kinds";
import { projectImportGraph } from "./helpers/imports";
import { ROOT } from "./helpers/run";

/*
 * A storage kind is one folder of storage-kinds/ (fifth-kind.test.ts adds one from a fixture folder and
 * nothing else changes). The proof that nothing else needs to: no code of the app outside storage-kinds/
 * names a kind or decides anything by a workspace's storage kind.
 */

/** Every file of the app (found, so a new folder is covered too), but the kinds' own and the library's. */
const files = [...projectImportGraph().keys()]
  .filter((file) => !file.startsWith("storage-kinds/") && !file.startsWith("constructs/"))
  .map((file) => ({ file, text: readFileSync(join(ROOT, file), "utf8") }));

describe("storage kinds", () => {
  it("are named nowhere in the app outside storage-kinds/", () => {
    expect(files.map(({ file }) => file)).toEqual(
      expect.arrayContaining([
        "main.ts",
        "config/load.ts",
        "vocabulary/storage-kind.ts",
        "upgrades/revision-change.ts",
      ]),
    );
    const named = STORAGE_KINDS.all.flatMap(({ kind }) =>
      files
        .filter(({ text }) => text.includes(`"${kind}"`) || text.includes(`'${kind}'`))
        .map(({ file }) => `${file}: "${kind}"`),
    );
    expect(named).toEqual([]);
  });

  it("decide nothing outside storage-kinds/: no code compares or switches on a storage block's kind", () => {
    const branching = files
      .filter(({ text }) =>
        /storage\.kind\s*[!=]==|[!=]==\s*[\w.]*storage\.kind|switch\s*\([\w.]*storage\.kind\)/.test(text),
      )
      .map(({ file }) => file);
    expect(branching).toEqual([]);
  });

  it("each have their folder, with their rules in it or in what they share with another kind (storage-kinds/shared/)", () => {
    const folderOf = (kind: string) =>
      kind.replace(/[A-Z]/g, (letter, at: number) => `${at > 0 ? "-" : ""}${letter.toLowerCase()}`);
    const shared = readdirSync(join(ROOT, "storage-kinds", "shared")).map((dir) => `shared/${dir}`);
    expect(readdirSync(join(ROOT, "storage-kinds")).sort()).toEqual(
      [...STORAGE_KINDS.all.map(({ kind }) => folderOf(kind)), "shared"].sort(),
    );
    for (const { kind, rules } of STORAGE_KINDS.all) {
      for (const rule of rules) {
        const homes = [folderOf(kind), ...shared].filter((dir) =>
          existsSync(join(ROOT, "storage-kinds", dir, "rules", `${rule.id}.ts`)),
        );
        expect([kind, rule.id, homes.length]).toEqual([kind, rule.id, 1]);
      }
    }
  });
});
