import type { DuplicateKey } from "../json-reader";
import { describeKey, pathOf } from "../problems";
import type { Report, RuleInfo } from "../../vocabulary/rule";

/** JSON readers keep the last of two equal keys in one object: what the file means is not what it says. */
export const duplicateKeys: RuleInfo & { check(duplicates: readonly DuplicateKey[]): Report[] } = {
  id: "duplicate-keys",
  stage: "file",
  level: "error",
  doc: {
    finds: "a key given twice in one object, naming both lines",
    prevents: "a reader silently keeping the last of the two: a whole block (`storage`, say) can vanish that way",
    fix: "keep one of them",
    source: "RFC 8259 section 4 (names should be unique; readers differ)",
  },
  cannotAcknowledge: "the file does not say one thing: which of the two values counts cannot be acknowledged away",

  check(duplicates) {
    return duplicates.map((d) => ({
      path: pathOf([...d.objectPath, describeKey(d.key) === `"${d.key}"` ? d.key : "(a key)"]),
      info: `is given twice in one object, at line ${d.first.line} and at line ${d.second.line}: a JSON reader keeps only the last and silently drops the first (a whole block can vanish that way)`,
      fix: "keep one of them",
    }));
  },
};
