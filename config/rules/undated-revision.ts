import { dateRevision } from "../../constructs/domain";
import { howToStateDate } from "../../upgrades/revision-words";
import type { WorkspaceRule } from "../../vocabulary/rule";

/**
 * Rule image-has-s3-switches judges an image by its date (constructs/domain/upstream-catalogue.ts, or one
 * stated in convex.revisionDates). A revision dated by neither is not taken as fine where the storage relies
 * on the image's age: it is refused until the user states its date (the rules then judge it by it) or
 * acknowledges this rule, saying why the image is recent enough. (What an undated image reads is another matter: the library cannot
 * know it, so knobs, rangePrefetch false and sdkDefaultChain are refused on it by their own rules.)
 */
export const undatedRevision: WorkspaceRule = {
  id: "undated-revision",
  stage: "workspace",
  level: "error",
  doc: {
    finds:
      "a `convex.version` dated neither by this project nor by `convex.revisionDates`, where the storage relies on an image's age: `CephViaGateway` (the per-part checksum fix), `AwsS3` with a switch off",
    prevents: "what `image-has-s3-switches` prevents, unchecked",
    fix: "state the revision's date in `convex.revisionDates` (read at the commit URL given): the rules then judge it by that date; or acknowledge this rule, saying why the image is recent enough",
    source: "constructs/domain/upstream-catalogue.ts",
  },

  check(ws) {
    const version = ws.config.convex.version;
    const need = ws.storageKind.imageRequirement?.(ws.config.storage);
    const dating = dateRevision(version, ws.config.convex.revisionDates);
    if (!need || dating.newest || dating.date !== undefined) return [];
    return [
      {
        path: "convex.version",
        info:
          `is "${version}", a revision whose date this project does not know (not in the catalogue of upstream revisions, constructs/domain/upstream-catalogue.ts, nor in convex.revisionDates), ` +
          `and it must be from ${need.since} or later: ${need.why}`,
        fix: `${howToStateDate(version)}; or, if you know it is ${need.since} or later without its date, acknowledge rule undated-revision, saying so`,
      },
    ];
  },
};
