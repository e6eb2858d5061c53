import { catalogueEntry } from "./upstream-catalogue";
import { KNOWN_REVISIONS, revisionAge } from "./upstream-revisions";

/*
 * Which of two backend revisions is older. Upstream image tags are git revisions, which say nothing about
 * their order by themselves. Two revisions the catalogue holds are ordered by their position on upstream's
 * release branch, whose history is linear (constructs/domain/upstream-catalogue.ts); otherwise by commit
 * date, from the catalogue or stated by the user for a revision it lacks (read at its commit page). A
 * revision with neither cannot be ordered: that is said as unknown, never taken as fine.
 */

/** What is known about one revision's age. */
export interface RevisionDating {
  /** The image tag: a full upstream revision, `latest`, or another tag. */
  readonly revision: string;
  /** YYYY-MM-DD. @default none: the revision cannot be dated (and is not `latest`) */
  readonly date?: string;
  /** The floating tag `latest`: newer than every dated revision. */
  readonly newest: boolean;
  /** The date came from the user, not from the catalogue. */
  readonly stated: boolean;
  /** Its position on upstream's release branch, when the catalogue holds it. @default none */
  readonly position?: number;
}

/** Dates a revision; `stated` holds the dates the user gave for revisions the catalogue lacks (revision -> YYYY-MM-DD). */
export function dateRevision(revision: string, stated: Readonly<Record<string, string>> = {}): RevisionDating {
  const age = revisionAge(revision);
  const position = catalogueEntry(revision)?.position;
  if (age.kind === "dated") return { revision, date: age.date, newest: false, stated: false, position };
  if (age.kind === "newest") return { revision, newest: true, stated: false };
  const date = Object.prototype.hasOwnProperty.call(stated, revision) ? stated[revision] : undefined;
  return { revision, date, newest: false, stated: date !== undefined };
}

/** How a requested revision relates to the deployed one. */
export enum RevisionOrder {
  /** The same revision. */
  SAME = "same",
  /** The requested revision is newer than the deployed one: an upgrade. */
  NEWER = "newer",
  /** The requested revision is older than the deployed one: refused over the deployed database. */
  OLDER = "older",
  /** At least one of them cannot be dated, or both have one date and are not both in the catalogue: their order is not known. */
  UNKNOWN = "unknown",
}

/** How `requested` relates to `deployed`. */
export function compareRevisions(deployed: RevisionDating, requested: RevisionDating): RevisionOrder {
  if (deployed.revision === requested.revision) return RevisionOrder.SAME;
  // `latest` is pulled at deploy time, so it is at least as new as anything deployed before; but a deployed
  // `latest` names no revision at all (the running container's image label does: see guards/).
  if (requested.newest) return RevisionOrder.NEWER;
  if (deployed.newest) return RevisionOrder.UNKNOWN;
  if (deployed.position !== undefined && requested.position !== undefined)
    return requested.position > deployed.position ? RevisionOrder.NEWER : RevisionOrder.OLDER;
  if (deployed.date === undefined || requested.date === undefined || deployed.date === requested.date)
    return RevisionOrder.UNKNOWN;
  return requested.date > deployed.date ? RevisionOrder.NEWER : RevisionOrder.OLDER;
}

/**
 * The revisions the downgrade guard records (KNOWN_REVISIONS) no newer than `dating`: what a deployment of it
 * has reached. Ordered by position on the release branch where the catalogue holds `dating`, else by date.
 * The newest tag reaches every known revision; an undated revision reaches none that can be proven.
 */
export function knownRevisionsReached(dating: RevisionDating): string[] {
  const reached = (revision: string): boolean => {
    if (dating.newest) return true;
    const position = catalogueEntry(revision)?.position;
    if (dating.position !== undefined && position !== undefined) return position <= dating.position;
    return dating.date !== undefined && KNOWN_REVISIONS[revision] <= dating.date;
  };
  return Object.keys(KNOWN_REVISIONS)
    .filter(reached)
    .sort((a, b) =>
      KNOWN_REVISIONS[a] < KNOWN_REVISIONS[b] ? -1 : KNOWN_REVISIONS[a] > KNOWN_REVISIONS[b] ? 1 : a < b ? -1 : 1,
    );
}
