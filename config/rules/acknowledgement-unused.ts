import type { AcknowledgementsRule, Report } from "../../vocabulary/rule";

/** An acknowledgement whose rule finds nothing any more is stale: left in place, it would silence a later finding unseen. */
export const acknowledgementUnused: AcknowledgementsRule = {
  id: "acknowledgement-unused",
  stage: "acknowledgements",
  level: "warning",
  doc: {
    finds: "an `acknowledge` entry whose rule finds nothing in the workspace",
    prevents: "a stale acknowledgement silencing a later, different finding of the same rule",
    fix: "remove the entry",
    source: "config/rules/acknowledgement-unused.ts",
  },
  cannotAcknowledge: "it is about the acknowledgements themselves",

  check(ws, found) {
    return ws.config.acknowledge.flatMap(({ rule }, i): Report[] =>
      found.some((finding) => finding.rule === rule)
        ? []
        : [
            {
              path: `acknowledge[${i}]`,
              info: `acknowledges rule ${rule}, which finds nothing in this workspace`,
              fix: "remove the entry (an acknowledgement left in place would silence a later finding unseen)",
            },
          ],
    );
  },
};
