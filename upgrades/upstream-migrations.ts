import { factAt, KNOWN_REVISIONS } from "../constructs/domain";

/*
 * How an upstream backend migrates its database, read in get-convex/convex-backend at each revision below
 * (paths are upstream's). A backend migrates in place, one database version at a time, when it starts, and
 * no revision migrates a database back down.
 *
 * - The database version a revision migrates to is `DATABASE_VERSION`: crates/migrations_model/src/lib.rs
 *   (line 35 at a9a760ca, 36 at 652b828b); before 84ac56f7 (2025-07-02) crates/model/src/migrations.rs
 *   (line 81 at 161e3264, 91 at 478d197d). databaseVersionOf reads it from the catalogue.
 * - The migration worker (crates/model/src/migrations.rs, `MigrationWorker::go`) is spawned as a background
 *   task while the application starts (crates/application/src/lib.rs:810-818 at a9a760ca, 794 at
 *   478d197d): the HTTP server, and so /version and the deploy's healthy-wait, answers while it migrates.
 *   Each step logs `Executing Migration <n>/<DATABASE_VERSION>. Wait for log line 'Migrated <n>'`
 *   (crates/migrations_model/src/lib.rs:103 at a9a760ca) and then `Migrated <n>` (migrations.rs:113); a
 *   database already at the version logs `db metadata version up to date at <n>` (migrations.rs:116); the
 *   worker ends with `Migration complete` (migrations.rs:69; line 120 at 161e3264, 130 at 478d197d), at every
 *   revision below that has a worker.
 * - An older backend over a newer database only warns, `persisted db metadata version is ahead at <n>,
 *   this binary is at <m>`, and carries on (migrations.rs:121-125 at a9a760ca): nothing stops it.
 */

/**
 * The database version a revision migrates to, read by the catalogue of upstream revisions at every revision
 * where `DATABASE_VERSION` changes (constructs/domain/upstream-catalogue.ts, fact `database-version`: line 32
 * to 36 of crates/migrations_model/src/lib.rs from 84ac56f7, 2025-07-02; crates/model/src/migrations.rs before).
 * Upstream has reverted a migration after releasing it: 955f4384 (2026-05-11) went to 125 and c3f9a5c8 the same
 * day back to 124; c4ae6015 (2026-08-16, released) went to 129 and 52deedc3 (2026-08-17) back to 128.
 */
export function databaseVersionOf(revision: string): number | undefined {
  const version = factAt("database-version", revision)?.value;
  return version ? Number(version) : undefined;
}

/**
 * The database version of each revision the downgrade guard records (KNOWN_REVISIONS); null where the public
 * source has no migration worker yet (the 2024 revisions). At 161e3264 a new database starts at 115
 * (crates/model/src/database_globals/mod.rs:41) and the worker migrates it to 116
 * (crates/model/src/migrations.rs:81): the worker's is the binary's version.
 */
export const DATABASE_VERSIONS: Readonly<Record<string, number | null>> = Object.fromEntries(
  Object.keys(KNOWN_REVISIONS).map((revision) => [revision, databaseVersionOf(revision) ?? null]),
);

/** The last line the migration worker logs, once every migration has run (or none was needed). */
export const MIGRATION_COMPLETE_LINE = "Migration complete";

/** The line each finished step logs. */
export function migratedLine(version: number): string {
  return `Migrated ${version}`;
}

/** What an older backend logs over a newer database, before it carries on regardless. */
export function databaseAheadLine(persisted: number, binary: number): string {
  return `persisted db metadata version is ahead at ${persisted}, this binary is at ${binary}`;
}
