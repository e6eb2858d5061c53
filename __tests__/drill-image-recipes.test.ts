import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseWorkspace } from "../config/load";
import { sqliteJournalModeAt, sqliteJournalModesUsed } from "../constructs/domain";
import { recipeFor } from "../drill/images";
import { journalModeAt } from "../drill/images/journal-mode";
import { ROOT } from "./helpers/run";
import { synth } from "./helpers/workspaces";

/* The drill builds every image a stack pins: a recipe for each repository the example workspaces use. */

const EXAMPLES = "config/examples";

describe("the drill's image recipes", () => {
  const pinned = new Set(
    readdirSync(join(ROOT, EXAMPLES))
      .filter((file) => file.endsWith(".json"))
      .flatMap((file) => {
        const { workspace } = parseWorkspace(file, readFileSync(join(ROOT, EXAMPLES, file), "utf8"), {});
        return Object.values(synth(workspace!).tf.resource.docker_image ?? {}).map((image) => image.name as string);
      }),
  );

  it.each([...pinned].sort())("has a recipe for %s, which the examples pin", (reference) => {
    expect(recipeFor(reference).tag).toBe(reference.slice(reference.lastIndexOf(":") + 1));
  });

  it("refuses a reference it has no recipe for, naming the ones it has", () => {
    expect(() => recipeFor("postgres:16")).toThrow(
      /no image recipe for "postgres:16": the drill builds .*keinos\/sqlite3:<tag>/,
    );
    expect(() => recipeFor("rclone/rclone")).toThrow(/no image recipe for "rclone\/rclone"/);
  });
});

describe("the backend stand-in's journal mode", () => {
  it("is the catalogue's for a catalogued revision: delete at 652b828b (crates/sqlite/src/lib.rs:88 there, no pragma)", () => {
    const at = sqliteJournalModeAt("652b828b5129e6cdbcaa3c20efa8d116d09ff3bf");
    expect(at).toMatchObject({ kind: "known", mode: "delete" });
    expect(journalModeAt("652b828b5129e6cdbcaa3c20efa8d116d09ff3bf")).toBe("delete");
  });

  it("is the one mode every catalogued revision uses for a tag the catalogue does not hold", () => {
    expect(sqliteJournalModeAt("latest").kind).toBe("unknown");
    expect(sqliteJournalModesUsed()).toEqual(["delete"]);
    expect(journalModeAt("latest")).toBe("delete");
  });
});
