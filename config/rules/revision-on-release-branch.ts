import { describeNewestRelease, FORMATS, formatProblem, publicationOf } from "../../constructs/domain";
import type { WorkspaceRule } from "../../vocabulary/rule";

/**
 * Upstream builds images only for pushes to its release branch and tags them with the pushed revision
 * (.github/workflows/release_self_hosted_images.yml:3-7, 45-57 at 652b828b). A revision the catalogue of
 * upstream revisions (constructs/domain/upstream-catalogue.ts) saw only on another ref (a pull request, a
 * feature branch, main past the release head) is no release: its image is not published, and the pull fails.
 */
export const revisionOnReleaseBranch: WorkspaceRule = {
  id: "revision-on-release-branch",
  stage: "workspace",
  level: "error",
  doc: {
    finds:
      "a `convex.version` the catalogue of upstream revisions knows is not on upstream's release branch at all (a pull request's head, another branch, main after the release head)",
    prevents: "a deploy that fails when it pulls an image upstream never published (`manifest unknown`)",
    fix: "pin a release (the error names the newest one the catalogue knows); if upstream has released the revision since, regenerate the catalogue (`npm run catalogue`), or acknowledge this rule saying so",
    source:
      ".github/workflows/release_self_hosted_images.yml:3-7 at 652b828b; constructs/domain/upstream-catalogue-data.ts",
  },

  check(ws) {
    const { version } = ws.config.convex;
    if (formatProblem(FORMATS.pinnedRevision, version) !== undefined) return [];
    const publication = publicationOf(version);
    if (publication.kind !== "not-on-release") return [];
    return [
      {
        path: "convex.version",
        info:
          `is ${version}, which is not on upstream's release branch: the catalogue of upstream revisions saw it only at ${publication.refs.join(", ")}. ` +
          "Upstream publishes images only for pushes to its release branch, so this revision has none and the deploy would fail to pull it",
        fix: `pin a release, e.g. the newest this project knows: ${describeNewestRelease()} (or remove convex.version for the tested default). If upstream has released this revision since, regenerate the catalogue (npm run catalogue -- <mirror>), or acknowledge rule revision-on-release-branch, saying so`,
      },
    ];
  },
};
