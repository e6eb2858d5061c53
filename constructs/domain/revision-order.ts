import { KNOWN_REVISIONS, revisionAge } from "./upstream-revisions";

/*
 * Which of two backend revisions is older. Upstream image tags are git revisions, which say nothing about
 * their order; a revision's commit date does. Dates come from KNOWN_REVISIONS, or from a date the user
 * states for a revision this project does not know (and has read at its commit page). A revision with
 * neither cannot be ordered: that is said as unknown, never taken as fine.
 */

/** What is known about one revision's age. */
export interface RevisionDating {
  /** The image tag: a full upstream revision, `latest`, or another tag. */
  readonly revision: string;
  /** YYYY-MM-DD. @default none: the revision cannot be dated (and is not `latest`) */
  readonly date?: string;
  /** The floating tag `latest`: newer than every dated revision. */
  readonly newest: boolean;
  /** The date came from the user, not from KNOWN_REVISIONS. */
  readonly stated: boolean;
}

/** Dates a revision; `stated` holds the dates the user gave for revisions KNOWN_REVISIONS lacks (revision -> YYYY-MM-DD). */
export function dateRevision(revision: string, stated: Readonly<Record<string, string>> = {}): RevisionDating {
  const age = revisionAge(revision);
  if (age.kind === "dated") return { revision, date: age.date, newest: false, stated: false };
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
  /** At least one of them cannot be dated, or both have one date: their order is not known. */
  UNKNOWN = "unknown",
}

/** How `requested` relates to `deployed`. */
export function compareRevisions(deployed: RevisionDating, requested: RevisionDating): RevisionOrder {
  if (deployed.revision === requested.revision) return RevisionOrder.SAME;
  // `latest` is pulled at deploy time, so it is at least as new as anything deployed before; but a deployed
  // `latest` names no revision at all (the running container's image label does: see guards/).
  if (requested.newest) return RevisionOrder.NEWER;
  if (deployed.newest) return RevisionOrder.UNKNOWN;
  if (deployed.date === undefined || requested.date === undefined || deployed.date === requested.date)
    return RevisionOrder.UNKNOWN;
  return requested.date > deployed.date ? RevisionOrder.NEWER : RevisionOrder.OLDER;
}

/**
 * The known revisions no newer than `dating`: what a deployment of it has reached. The newest tag reaches
 * every known revision; an undated revision reaches none that can be proven.
 */
export function knownRevisionsReached(dating: RevisionDating): string[] {
  return Object.keys(KNOWN_REVISIONS)
    .filter((revision) => dating.newest || (dating.date !== undefined && KNOWN_REVISIONS[revision] <= dating.date))
    .sort((a, b) =>
      KNOWN_REVISIONS[a] < KNOWN_REVISIONS[b] ? -1 : KNOWN_REVISIONS[a] > KNOWN_REVISIONS[b] ? 1 : a < b ? -1 : 1,
    );
}
