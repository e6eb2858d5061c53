import { printable, type RevisionDating } from "../constructs/domain";
import { describeRevisionAge, howToStateDate } from "./revision-words";
import { MIGRATION_COMPLETE_LINE, databaseAheadLine, databaseVersionOf, migratedLine } from "./upstream-migrations";

/*
 * What validate and synth say when a workspace asks for another backend revision than the one that already
 * ran on its database: the refusal of an older one, the refusal of one that cannot be ordered, and what an
 * upgrade involves. Upstream's own procedure: self-hosted/advanced/upgrading.md ("export before you
 * upgrade", "look for loglines ... to determine that the in-place upgrade is complete").
 */

/** The deployment a revision change is about. */
export interface RevisionChangeContext {
  readonly workspace: string;
  readonly backendContainer: string;
  /** The generation of the data volume in use; a restore goes into the next one. */
  readonly generation: number;
  /** How long the deploy waits for the backend to answer /version (the workspace's convex.waitTimeout). */
  readonly healthyWaitSeconds: number;
  /** The sidecars that snapshot the database and upload it, when the deployment has them (LocalPlusSync). @default none */
  readonly snapshotSidecars?: { readonly snapshotContainer: string; readonly syncContainer: string };
}

/** A refused revision change, in two parts, so that a caller can show the problem and the way out apart. */
export interface RevisionChangeRefusal {
  /** What is refused and why, ending with "Nothing has been changed". */
  readonly problem: string;
  /** What to do instead, starting in lower case. */
  readonly fix: string;
}

/** Refusal of a revision older than the deployed one. */
export function downgradeRefusal(
  deployed: RevisionDating,
  requested: RevisionDating,
  context: RevisionChangeContext,
): RevisionChangeRefusal {
  const persisted = databaseVersionOf(deployed.revision);
  const binary = databaseVersionOf(requested.revision);
  const versions =
    persisted !== undefined && binary !== undefined
      ? persisted > binary
        ? ` (${deployed.revision.slice(0, 8)} migrated it to database version ${persisted}; ${requested.revision.slice(0, 8)} knows versions up to ${binary} and would only log "${databaseAheadLine(persisted, binary)}" and carry on)`
        : ` (both are at database version ${persisted}, but the newer one may already have written data the older one does not read)`
      : "";
  return {
    problem:
      `is ${describeRevisionAge(requested)}, older than ${describeRevisionAge(deployed)}, which has already run on the database of this deployment. ` +
      `A backend migrates its database in place when it starts and no revision migrates it back${versions}: an older backend over it runs on data newer than it understands. ` +
      "Nothing has been changed",
    fix:
      `keep convex.version at ${printable(deployed.revision)} or a newer revision. ` +
      `To really go back, restore a backup made before the upgrade (a LocalPlusSync snapshot: npm run restore -- ${context.workspace}; or an export made by the older revision) into volume.generation ${context.generation + 1} and deploy the older revision there: see docs/upgrades.md`,
  };
}

/** Refusal of a revision change whose direction cannot be told. */
export function undatedRefusal(deployed: RevisionDating, requested: RevisionDating): RevisionChangeRefusal {
  const undated = [deployed, requested].filter((d) => !d.newest && d.date === undefined);
  const dating = undated.map((d) => `for ${printable(d.revision)}, ${howToStateDate(d.revision)}`).join("; ");
  const sameDate = undated.length === 0 && !deployed.newest && deployed.date === requested.date;
  const why = deployed.newest
    ? `the deployment was made from the floating tag latest, which names no revision (the running container's image label would; run validate where its Docker engine answers)`
    : sameDate
      ? `both are dated ${deployed.date}, so their dates cannot say which is newer`
      : `${undated.map((d) => printable(d.revision)).join(" and ")} cannot be dated (not in the catalogue of upstream revisions, not in convex.revisionDates)`;
  return {
    problem:
      `is ${describeRevisionAge(requested)}, and ${describeRevisionAge(deployed)} has already run on the database of this deployment; ${why}, ` +
      "so whether this is a downgrade (which would run an older backend over a newer database) is UNKNOWN, not fine. Nothing has been changed",
    fix: dating
      ? `${dating}; a revision older than the deployed one is refused then`
      : "keep convex.version at the deployed revision, or deploy the other one on a new volume generation from a backup (docs/upgrades.md)",
  };
}

/**
 * Refusal of a revision that is newer on upstream's release branch but migrates to a lower database version
 * than one that already ran on the database: upstream reverted a migration it had released (c4ae6015 of
 * 2026-08-16 went to 129, 52deedc3 of 2026-08-17 back to 128). Its backend would run over a database newer
 * than it understands, exactly as an older one would.
 */
export function databaseBehindRefusal(
  deployed: RevisionDating,
  requested: RevisionDating,
  context: RevisionChangeContext,
): RevisionChangeRefusal | undefined {
  const persisted = databaseVersionOf(deployed.revision);
  const binary = databaseVersionOf(requested.revision);
  if (persisted === undefined || binary === undefined || binary >= persisted) return undefined;
  return {
    problem:
      `is ${describeRevisionAge(requested)}, newer than ${describeRevisionAge(deployed)}, which has already run on the database of this deployment, ` +
      `but it migrates only to database version ${binary}, and ${deployed.revision.slice(0, 8)} migrated the database to ${persisted} (upstream reverted a migration after releasing it). ` +
      `${requested.revision.slice(0, 8)} would only log "${databaseAheadLine(persisted, binary)}" and carry on over data newer than it understands. Nothing has been changed`,
    fix:
      `keep convex.version at ${deployed.revision}, or a revision at database version ${persisted} or higher (docs/upstream-catalogue.md lists each revision's). ` +
      `To move to this one anyway, restore a backup made before ${deployed.revision.slice(0, 8)} ran into volume.generation ${context.generation + 1} and deploy it there: see docs/upgrades.md`,
  };
}

/** The fresh backup to take before a newer backend migrates the database. */
function freshBackup(context: RevisionChangeContext): string {
  const sidecars = context.snapshotSidecars;
  return (
    "Take a fresh backup before the newer backend migrates the database: npx convex export --include-file-storage --path convex-export-before-upgrade.zip, " +
    "and npx convex env list > convex-env-before-upgrade.txt (the deployment's environment variables, which an import does not bring back)" +
    (sidecars
      ? `; and take a snapshot and upload it now, without waiting for the next interval: run the labelled commands of ${sidecars.snapshotContainer} and then ${sidecars.syncContainer} (docs/backups.md, "To take one now"), and check that npm run restore -- ${context.workspace} --dry-run lists it`
      : "")
  );
}

/** What an upgrade from `deployed` to `requested` involves, in the order to do it. */
export function upgradeSteps(
  deployed: RevisionDating,
  requested: RevisionDating,
  context: RevisionChangeContext,
): string {
  const from = databaseVersionOf(deployed.revision);
  const to = databaseVersionOf(requested.revision);
  const migrations =
    from !== undefined && to !== undefined
      ? to > from
        ? `it migrates the database from version ${from} to ${to}, one step at a time ("Executing Migration ${from + 1}/${to}. Wait for log line '${migratedLine(from + 1)}'" ... "${migratedLine(to)}")`
        : `both are at database version ${to}: no migration runs, and the backend logs "db metadata version up to date at ${to}"`
      : "it runs whatever migrations lie between them";
  return (
    `upgrades ${context.workspace} from ${describeRevisionAge(deployed)} to ${describeRevisionAge(requested)}; ${migrations}, in place, and nothing migrates it back. ` +
    `(1) ${freshBackup(context)}. ` +
    `(2) Deploy: the healthy-wait (convex.waitTimeout, ${context.healthyWaitSeconds} s) holds the deploy until the backend answers /version, which covers its start (raise it for a large database); migrations run in a background worker while it already answers. ` +
    `(3) Wait for the log line "${MIGRATION_COMPLETE_LINE}" in docker logs ${context.backendContainer} (and follow any "Wait for log line ..." a migration prints) before relying on the upgrade. ` +
    `See docs/upgrades.md`
  );
}
