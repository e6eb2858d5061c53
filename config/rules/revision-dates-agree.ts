import { KNOWN_REVISIONS } from "../../constructs/domain";
import type { WorkspaceRule } from "../../vocabulary/rule";

/** A date stated for a revision this project already dates must agree with it. */
export const revisionDatesAgree: WorkspaceRule = {
  id: "revision-dates-agree",
  stage: "workspace",
  level: "error",
  doc: {
    finds: "a `convex.revisionDates` entry for a revision this project already dates, with another date",
    prevents: "revisions ordered by a wrong date: the downgrade check would take an older backend for a newer one",
    fix: "remove the entry: known revisions need no date",
    source: "constructs/domain/upstream-revisions.ts",
  },
  cannotAcknowledge: "it protects the data: the downgrade check orders revisions by these dates",

  check(ws) {
    return Object.entries(ws.config.convex.revisionDates ?? {})
      .filter(([revision, date]) => KNOWN_REVISIONS[revision] !== undefined && KNOWN_REVISIONS[revision] !== date)
      .map(([revision, date]) => ({
        path: `convex.revisionDates.${revision}`,
        info: `is ${date}, but this project knows ${revision} as a revision of ${KNOWN_REVISIONS[revision]} (constructs/domain/upstream-revisions.ts)`,
        fix: "remove the entry: known revisions need no date",
      }));
  },
};
