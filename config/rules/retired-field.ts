import type { FileRule, Report } from "../../vocabulary/rule";

/** A field this project no longer reads, and the rule a workspace acknowledges instead. */
interface RetiredField {
  readonly path: readonly [string, string];
  /** What the field did, as a phrase after "it". */
  readonly did: string;
  readonly rule: string;
  /** What the reason of the acknowledgement should say. */
  readonly reason: string;
  /** A better way than acknowledging, where there is one. */
  readonly instead?: string;
}

const RETIRED: readonly RetiredField[] = [
  {
    path: ["convex", "allowFloatingTag"],
    did: "permitted a floating image tag",
    rule: "pinned-version",
    reason: "why a floating tag is right for this workspace",
  },
  {
    path: ["convex", "acknowledgeUnknownVersion"],
    did: "vouched for a revision this project cannot date",
    rule: "undated-revision",
    reason: "why the revision is recent enough",
    instead:
      'state the revision\'s date in convex.revisionDates: { "<revision>": "YYYY-MM-DD" } (read on its commit page), and the rules judge it by that date; or',
  },
];

/**
 * The ad-hoc switches that silenced one rule each are gone: a workspace acknowledges a rule by id, with a
 * reason, in its top-level `acknowledge` list. A file that still has one is refused with what to write
 * instead (silently ignoring it would turn a check back on that the file meant to turn off, or the other way).
 */
export const retiredField: FileRule = {
  id: "retired-field",
  stage: "file",
  level: "error",
  doc: {
    finds: "`convex.allowFloatingTag` or `convex.acknowledgeUnknownVersion`, fields of earlier versions",
    prevents: "a file whose author believes a rule is silenced (or on) when it is not",
    fix: 'remove the field; where it was `true`, acknowledge the rule it silenced: `"acknowledge": [{ "rule": "pinned-version" or "undated-revision", "reason": "..." }]`',
    source: "config/rules/retired-field.ts",
  },
  cannotAcknowledge: "the field does nothing any more: the file has to say what it means in today's terms",

  check(raw) {
    return RETIRED.flatMap(({ path: [section, key], did, rule, reason, instead }): Report[] => {
      const parent = (raw as Record<string, unknown>)[section];
      if (!parent || typeof parent !== "object" || !Object.prototype.hasOwnProperty.call(parent, key)) return [];
      const value = (parent as Record<string, unknown>)[key];
      return [
        {
          path: `${section}.${key}`,
          info: `is no longer read: it ${did}, which a workspace now says by acknowledging rule ${rule} in its top-level "acknowledge" list, with a reason`,
          fix:
            value === true
              ? `remove it; ${instead ? `${instead} ` : ""}add "acknowledge": [{ "rule": "${rule}", "reason": "<${reason}, in a sentence>" }] at the top level of the file`
              : "remove it (false was the default, as acknowledging nothing is now)",
        },
      ];
    });
  },
};
