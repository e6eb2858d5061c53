import { revisionAge, revisionUrl } from "../../constructs/domain";
import { imageRequirement } from "../image-requirement";
import type { WorkspaceRule } from "./rule";

/**
 * Rule image-has-s3-switches judges an image by its date (constructs/domain/upstream-revisions.ts). A
 * revision this project cannot date is not taken as fine where the storage relies on the image's age: it is
 * refused until the user checks the date and says so, acknowledging this rule with the date as the reason,
 * or adds the revision to the table. (What an undated image reads is another matter: the library cannot
 * know it, so knobs, rangePrefetch false and sdkDefaultChain are refused on it by their own rules.)
 */
export const undatedRevision: WorkspaceRule = {
  id: "undated-revision",
  stage: "workspace",
  level: "error",
  doc: {
    finds: "a `convex.version` this project cannot date, where the storage relies on an image's age: `CephViaGateway` (the per-part checksum fix), `AwsS3` with a switch off",
    prevents: "what `image-has-s3-switches` prevents, unchecked",
    fix: "check the revision's date at the commit URL given; if it is recent enough, acknowledge this rule with the date as the reason, or add the revision to `constructs/domain/upstream-revisions.ts`",
    source: "constructs/domain/upstream-revisions.ts",
  },

  check(ws) {
    const version = ws.config.convex.version;
    const need = imageRequirement(ws);
    if (!need || revisionAge(version).kind !== "unknown") return [];
    return [
      {
        path: "convex.version",
        info:
          `is "${version}", a revision whose date this project does not know (constructs/domain/upstream-revisions.ts), ` +
          `and it must be from ${need.since} or later: ${need.why}`,
        fix:
          `check its date at ${revisionUrl(version)}; if it is ${need.since} or later, acknowledge rule undated-revision with that date as the reason ` +
          "(or add the revision and its date to constructs/domain/upstream-revisions.ts), otherwise use a newer revision",
      },
    ];
  },
};
