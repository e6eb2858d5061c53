import { type RevisionDating, revisionUrl } from "../constructs/domain";

/*
 * How the app's messages name a backend revision, in the workspace file's words (convex.revisionDates).
 */

/** A revision as messages name it: in full, with its date and where that came from, or said to be undated. */
export function describeRevisionAge(dating: RevisionDating): string {
  if (dating.newest) return `latest (the newest image, whatever it is today)`;
  if (dating.date === undefined) return `${dating.revision} (date unknown)`;
  return `${dating.revision} (${dating.date}${dating.stated ? ", as stated in convex.revisionDates" : ""})`;
}

/** How a user dates a revision this project does not know. */
export function howToStateDate(revision: string): string {
  return `read its date at ${revisionUrl(revision)} and state it in the workspace file as convex.revisionDates: { "${revision}": "YYYY-MM-DD" }`;
}
