import { sqliteJournalModeAt, sqliteJournalModesUsed } from "../../constructs/domain";

/** SQLite's journal modes, as `PRAGMA journal_mode` names them, that the backend stand-in can keep. */
export type JournalMode = "delete" | "wal";

function standInKeeps(mode: string): mode is JournalMode {
  return mode === "delete" || mode === "wal";
}

/**
 * The journal mode of the database the backend keeps at a revision, as the catalogue of upstream revisions
 * read it (constructs/domain/upstream-catalogue.ts: crates/sqlite/src/lib.rs at each revision that changed
 * it). For a tag the catalogue does not hold, the one mode every catalogued revision uses; refused when the
 * catalogue knows more than one, or a mode the stand-in cannot keep.
 */
export function journalModeAt(revision: string): JournalMode {
  const at = sqliteJournalModeAt(revision);
  const used = sqliteJournalModesUsed();
  const mode = at.kind === "known" ? at.mode : used.length === 1 ? used[0] : undefined;
  if (mode === undefined)
    throw new Error(
      `the backend stand-in for ${revision}: ${at.kind === "unknown" ? at.why : ""}, and catalogued revisions use ${used.join(", ")}; pass journalMode`,
    );
  if (!standInKeeps(mode))
    throw new Error(
      `the backend stand-in for ${revision}: upstream keeps SQLite in journal mode ${mode}, the stand-in keeps delete or wal`,
    );
  return mode;
}
