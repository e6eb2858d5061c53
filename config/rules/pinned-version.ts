import { dateRevision, formatProblem, FORMATS } from "../../constructs/domain";
import type { WorkspaceRule } from "../../vocabulary/rule";

/**
 * Pinned means a full 40-character upstream revision: upstream tags images with those and with `latest`
 * only, so anything else (latest, stable, main, a short revision, a made-up date) is floating or missing.
 */
export const pinnedVersion: WorkspaceRule = {
  id: "pinned-version",
  stage: "workspace",
  level: "error",
  doc: {
    finds:
      "a `convex.version` that is not a full 40-character revision: `latest`, `stable`, `main`, a short revision, any other tag",
    prevents:
      "the backend changing under a deployed volume (a newer one may migrate the database, with no way back); short revisions are not published",
    fix: "pin a revision; to run a floating tag anyway, acknowledge this rule",
    source: "self-hosted/advanced/upgrading.md:3-22 at a9a760ca (in-place migrations)",
  },

  check(ws) {
    const { version } = ws.config.convex;
    if (formatProblem(FORMATS.pinnedRevision, version) === undefined) return [];
    if (/^[0-9a-f]{7,39}$/i.test(version)) {
      return [
        {
          path: "convex.version",
          info: `"${version}" looks like a short or upper-case revision; upstream tags images only with the full 40 lower-case characters, so it will not be found`,
          fix: "use the full revision",
        },
      ];
    }
    return [
      {
        path: "convex.version",
        info: `"${version}" is not a pinned revision: ${dateRevision(version).newest ? "`latest`" : "a tag like this"} can point at another image tomorrow, and a newer backend may migrate the database in the volume on start, with no way back`,
        fix: "pin a full 40-character upstream revision (remove convex.version for the tested default), or acknowledge rule pinned-version, with a reason, to accept that",
      },
    ];
  },
};
