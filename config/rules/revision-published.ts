import {
  catalogueEntries,
  describeNewestRelease,
  firstPublishedRelease,
  FORMATS,
  formatProblem,
  publicationOf,
} from "../../constructs/domain";
import type { WorkspaceRule } from "../../vocabulary/rule";

/**
 * Whether upstream published an image for a revision cannot be told from its branch (release is
 * fast-forwarded from main, and images exist only for the heads pushed to it): the catalogue of upstream
 * revisions records the evidence that exists (constructs/domain/upstream-catalogue.ts). A revision without
 * any, or one the catalogue does not hold, may have no image: said, not refused.
 */
export const revisionPublished: WorkspaceRule = {
  id: "revision-published",
  stage: "workspace",
  level: "warning",
  doc: {
    finds:
      "a `convex.version` on upstream's release branch with no evidence that an image was published for it (not named in self-hosted/CHANGELOG.md, no release tag, no precompiled build of a push to release, not the release head), or one the catalogue of upstream revisions does not hold",
    prevents: "a deploy that fails when it pulls an image upstream may never have published",
    fix: "pin a release (the warning names the newest one the catalogue knows); or acknowledge this rule, saying the image exists",
    source:
      ".github/workflows/release_self_hosted_images.yml:3-7 and .github/workflows/precompile.yml:3-7, 55-59 at 652b828b; constructs/domain/upstream-catalogue-data.ts",
  },

  check(ws) {
    const { version } = ws.config.convex;
    if (formatProblem(FORMATS.pinnedRevision, version) !== undefined) return [];
    const publication = publicationOf(version);
    const newest = `the newest release this project knows is ${describeNewestRelease()}`;
    if (publication.kind === "no-evidence") {
      const first = firstPublishedRelease();
      const why = publication.beforeFirstImage
        ? `it is older than the first image upstream published (${first.revision.slice(0, 8)}, ${first.date})`
        : "it is not named in self-hosted/CHANGELOG.md, has no release tag and no precompiled build of a push to upstream's release branch, and is not the head of that branch";
      return [
        {
          path: "convex.version",
          info: `is ${version} (${publication.entry.date}), on upstream's release branch, but nothing shows an image was published for it: ${why}. Upstream builds images only for the revisions it pushes to its release branch, so the pull may fail; ${newest}`,
          fix: "pin a release the catalogue knows was published (docs/upstream-catalogue.md lists them), or acknowledge rule revision-published, saying the image exists",
        },
      ];
    }
    if (publication.kind === "unknown") {
      const entries = catalogueEntries();
      return [
        {
          path: "convex.version",
          info: `is ${version}, a revision the catalogue of upstream revisions does not hold (it was made from upstream's release branch up to ${entries[entries.length - 1].date}): whether upstream published an image for it is unknown; ${newest}`,
          fix: "pin a release the catalogue knows was published (docs/upstream-catalogue.md lists them); if upstream released this revision after the catalogue was made, regenerate it (npm run catalogue -- <mirror>), or acknowledge rule revision-published, saying the image exists",
        },
      ];
    }
    return [];
  },
};
