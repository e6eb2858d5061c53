import { catalogueEntry } from "../../constructs/domain";
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
    source: "constructs/domain/upstream-catalogue.ts (commit dates in UTC)",
  },
  cannotAcknowledge: "it protects the data: the downgrade check orders revisions by these dates",

  check(ws) {
    return Object.entries(ws.config.convex.revisionDates ?? {})
      .flatMap(([revision, date]) => {
        const known = catalogueEntry(revision)?.date;
        return known !== undefined && known !== date ? [{ revision, date, known }] : [];
      })
      .map(({ revision, date, known }) => ({
        path: `convex.revisionDates.${revision}`,
        info: `is ${date}, but this project knows ${revision} as a revision of ${known} (constructs/domain/upstream-catalogue.ts)`,
        fix: "remove the entry: known revisions need no date",
      }));
  },
};
