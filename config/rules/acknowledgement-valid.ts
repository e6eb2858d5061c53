import { closestKey } from "../allowed-keys";
import type { ConfigRule, Report } from "../../vocabulary/rule";

/** Four words at least, and not the placeholder a fix suggests ("<why ...>"): a reason someone can read later. */
const MIN_WORDS = 4;

function sentenceProblem(reason: string): string | undefined {
  const text = reason.trim();
  if (/^<.*>$/.test(text)) return "is the placeholder, not a reason";
  const words = text.split(/\s+/).filter((word) => /\p{L}/u.test(word));
  if (words.length < MIN_WORDS)
    return `has ${words.length} word${words.length === 1 ? "" : "s"}; a reason is at least a sentence (${MIN_WORDS} words or more)`;
  return undefined;
}

/**
 * `acknowledge` silences the findings of one rule for this workspace, like a cdk-nag suppression: it names
 * a rule that exists and may be acknowledged, once, with a reason someone can read later.
 */
export const acknowledgementValid: ConfigRule = {
  id: "acknowledgement-valid",
  stage: "config",
  level: "error",
  doc: {
    finds:
      "an `acknowledge` entry naming a rule that does not exist, a rule that cannot be acknowledged (the refusal says why), a rule named twice, or a reason of fewer than four words",
    prevents:
      "a finding silenced by mistake, or for no reason anyone can read later; a data or secret protection silenced at all",
    fix: "acknowledge only the rules this page marks as acknowledgeable, each once, with a sentence saying why",
    source: "config/rules/acknowledgement-valid.ts",
  },
  cannotAcknowledge: "it is what makes an acknowledgement mean something",

  check(config, { catalogue }) {
    const acknowledgeable = catalogue.filter((rule) => rule.cannotAcknowledge === undefined).map((rule) => rule.id);
    const seen = new Set<string>();
    return config.acknowledge.flatMap(({ rule: id, reason }, i): Report[] => {
      const path = `acknowledge[${i}]`;
      const rule = catalogue.find((r) => r.id === id);
      if (!rule) {
        const meant = closestKey(id, acknowledgeable);
        return [
          {
            path: `${path}.rule`,
            info: `names no rule: "${id}"${meant ? ` (did you mean "${meant}"?)` : ""}`,
            fix: `use the id a finding names; rules that may be acknowledged: ${acknowledgeable.join(", ")}`,
          },
        ];
      }
      if (rule.cannotAcknowledge !== undefined) {
        return [
          {
            path: `${path}.rule`,
            info: `is "${id}", which cannot be acknowledged: ${rule.cannotAcknowledge}`,
            fix: "remove the entry and fix what the rule finds",
          },
        ];
      }
      if (seen.has(id))
        return [
          {
            path: `${path}.rule`,
            info: `acknowledges "${id}" a second time`,
            fix: "keep one entry per rule, with one reason",
          },
        ];
      seen.add(id);
      const problem = sentenceProblem(reason);
      return problem
        ? [
            {
              path: `${path}.reason`,
              info: problem,
              fix: `say in a sentence why what rule ${id} finds is acceptable for this workspace`,
            },
          ]
        : [];
    });
  },
};
