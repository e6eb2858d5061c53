/*
 * How an upstream backend migrates its database, read in get-convex/convex-backend at each revision below
 * (paths are upstream's). A backend migrates in place, one database version at a time, when it starts, and
 * no revision migrates a database back down.
 *
 * - The database version a revision migrates to is `DATABASE_VERSION`: crates/migrations_model/src/lib.rs
 *   (line 32 at c1a7ac39 to 6efab6f2, 33 at 33cef775 to 4d3b0a5d, 34 at d5907925, 35 at a9a760ca to
 *   f7b9e1ab, 36 at a461fb80 and 2c2e0f66); at 161e3264 and 478d197d it was still in
 *   crates/model/src/migrations.rs (lines 81 and 91).
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
 * The database version each dated revision migrates to, keyed like KNOWN_REVISIONS (a test keeps both on the
 * same revisions); null where the public source has no migration worker yet (the 2024 revisions).
 * At 161e3264 a new database starts at 115 (crates/model/src/database_globals/mod.rs:41) and the worker
 * migrates it to 116 (crates/model/src/migrations.rs:81): the worker's is the binary's version.
 */
export const DATABASE_VERSIONS: Readonly<Record<string, number | null>> = {
  "0780bbe665aefde21f694f7ea7c0d8b99e80574c": null,
  "2687520222602d438fc83e779a0e645f7db0bf9f": null,
  b0e9358525eb25ba69cf80d4ef06be636694ca4b: null,
  "161e32648a971fb8ef591e61212f7b9fb7ff4f2c": 116,
  "478d197d54ee6e873f06cf9e9deae1eb4aa35bb5": 119,
  c1a7ac393888d743e704de56cf569a154b4526d4: 119,
  dd1a8eb384a87dff89b4d0165ba71d3064981986: 119,
  "6efab6f2b6c182b90255774d747328cfc7b80dd9": 119,
  "33cef775a8a6228cbacee4a09ac2c4073d62ed13": 121,
  "08139ef318b1898dad7731910f49ba631631c902": 121,
  "00bd92723422f3bff968230c94ccdeb8c1719832": 122,
  "4d3b0a5de955a258e70e3813bbff486051d88820": 122,
  d5907925755a44294eb33cb5ffff611ed6ddb6f7: 124,
  a9a760ca10399ed42e1b4bb87c78539a235488c7: 124,
  ca1f91cde3a0ea21ec2dfe4879f8999aab24e5b6: 124,
  f7b9e1aba75fe9185f2687bc390ec7c19e9aa8de: 124,
  a461fb8068d1a0be4585f007ef98f5279c95e17a: 126,
  "2c2e0f662b0ef02779028c5a8fca2322ae1b4cce": 128,
};

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

/** The database version a revision migrates to, when this project knows it. */
export function databaseVersionOf(revision: string): number | undefined {
  return Object.prototype.hasOwnProperty.call(DATABASE_VERSIONS, revision)
    ? (DATABASE_VERSIONS[revision] ?? undefined)
    : undefined;
}
