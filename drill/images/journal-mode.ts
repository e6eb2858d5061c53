/** SQLite's journal modes, as `PRAGMA journal_mode` names them, that a backend may leave its database in. */
export type JournalMode = "delete" | "wal";

/**
 * The journal mode of the database the backend keeps at a revision. Upstream's SQLite persistence opens its
 * one connection with `Connection::open` and sets no `journal_mode` (crates/sqlite/src/lib.rs:87-99 at
 * a9a760ca; `git log -S journal_mode -- crates/sqlite` finds no commit from the crate's first, 0780bbe6 of 2024-03-07,
 * to the upstream snapshot of 2026-08-21): SQLite's default rollback journal, "delete", at every revision there is.
 */
export function journalModeAt(revision: string): JournalMode {
  void revision;
  return "delete";
}
