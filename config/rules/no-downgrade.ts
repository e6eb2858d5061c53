import {
  BACKEND_IMAGE,
  compareRevisions,
  dateRevision,
  printable,
  type RevisionDating,
  RevisionOrder,
} from "../../constructs/domain";
import { IMAGE_REVISION_LABEL } from "../../upgrades/backend-image";
import {
  type RevisionChangeContext,
  databaseBehindRefusal,
  downgradeRefusal,
  undatedRefusal,
} from "../../upgrades/revision-change";
import type { ResolvedWorkspace } from "../../vocabulary/resolved-workspace";
import type { DeployedRule, Report } from "../../vocabulary/rule";
import { byCodeUnits } from "../code-unit-order";

/** A backend container that runs on the workspace's database from an image that names no upstream revision. */
export interface UnnamedImage {
  readonly container: string;
  readonly host: string;
  readonly image: string;
}

/** What the guards found has run on a workspace's database (guards/deployed-revisions.ts). */
export interface DeployedRevisions {
  /** Every revision seen, with the places it was seen in (the state, the downgrade guard's record, the live container). */
  readonly seen: ReadonlyMap<string, readonly string[]>;
  readonly unnamed: readonly UnnamedImage[];
}

/** One deployed revision against the requested one. */
export interface ComparedRevision {
  readonly deployed: RevisionDating;
  readonly sources: readonly string[];
}

/** The deployed revisions by how the requested one relates to them, newest first within each. */
export function revisionChanges(
  ws: ResolvedWorkspace,
  seen: DeployedRevisions["seen"],
): { requested: RevisionDating; older: ComparedRevision[]; unknown: ComparedRevision[]; newer: ComparedRevision[] } {
  const dates = ws.config.convex.revisionDates;
  const requested = dateRevision(ws.config.convex.version, dates);
  const compared = [...seen].map(([revision, sources]) => {
    const deployed = dateRevision(revision, dates);
    return { deployed, sources, order: compareRevisions(deployed, requested) };
  });
  const newestFirst = (order: RevisionOrder) =>
    compared.filter((c) => c.order === order).sort((a, b) => byCodeUnits(b.deployed.date ?? "", a.deployed.date ?? ""));
  return {
    requested,
    older: newestFirst(RevisionOrder.OLDER),
    unknown: newestFirst(RevisionOrder.UNKNOWN),
    newer: newestFirst(RevisionOrder.NEWER),
  };
}

/** The deployment a revision change is about, as the domain's explanations name it. */
export function revisionChangeContext(ws: ResolvedWorkspace): RevisionChangeContext {
  return {
    workspace: ws.name,
    backendContainer: ws.names.backendContainer,
    generation: ws.config.volume.generation,
    healthyWaitSeconds: ws.config.convex.waitTimeout,
    ...(ws.storageKind.snapshots
      ? {
          snapshotSidecars: {
            snapshotContainer: ws.names.snapshotContainer,
            syncContainer: ws.names.syncContainer,
          },
        }
      : {}),
  };
}

/** " (Seen in A and in B.)" */
export function seenIn(sources: readonly string[]): string {
  return ` (Seen in ${sources.join(" and in ")}.)`;
}

/**
 * Nothing migrates a database back: a backend older than one that already ran on the database, or one whose
 * order cannot be told, is refused over it (self-hosted/advanced/upgrading.md). The plan-time downgrade
 * guard (constructs/downgrade-guard.ts) checks its own record again at plan.
 */
export const noDowngrade: DeployedRule<DeployedRevisions> = {
  id: "no-downgrade",
  stage: "deployed",
  level: "error",
  doc: {
    finds:
      "a `convex.version` older than the newest revision that has run on the workspace's database (its live backend container, its state, the plan-time record), one whose order cannot be told (undated: state its date in `convex.revisionDates`), or a newer one that migrates to a lower database version (upstream reverted a released migration)",
    prevents:
      "an older backend over a migrated database, which it only warns about: `persisted db metadata version is ahead at 124, this binary is at 122`",
    fix: "keep the deployed revision or a newer one; to go back, restore a backup into a new volume generation ([upgrades](upgrades.md))",
    source:
      "self-hosted/advanced/upgrading.md at a9a760ca (migrations in place, no way back); upgrades/upstream-migrations.ts (database versions from the catalogue)",
  },
  cannotAcknowledge: "it protects the data: an older backend would run over a database newer than it understands",

  check(ws, { seen, unnamed }) {
    const reports: Report[] = unnamed.map(({ container, host, image }) => ({
      path: "convex.version",
      info:
        `is ${ws.config.convex.version}, and container ${container} on ${host} runs on this deployment's database from image ${printable(image)}, ` +
        `which names no upstream revision (no ${IMAGE_REVISION_LABEL} label, no ${BACKEND_IMAGE} tag): whether this is a downgrade is UNKNOWN, not fine. Nothing has been changed`,
      fix: "find which revision that container runs and deploy it or a newer one",
    }));
    const { requested, older, unknown, newer } = revisionChanges(ws, seen);
    const context = revisionChangeContext(ws);
    const behind = newer
      .map((n) => ({ ...n, refusal: databaseBehindRefusal(n.deployed, requested, context) }))
      .find((n) => n.refusal !== undefined);
    const refused =
      older.length > 0
        ? { ...older[0], refusal: downgradeRefusal(older[0].deployed, requested, context) }
        : unknown.length > 0
          ? { ...unknown[0], refusal: undatedRefusal(unknown[0].deployed, requested) }
          : behind
            ? { ...behind, refusal: behind.refusal! }
            : undefined;
    if (refused)
      reports.push({
        path: "convex.version",
        info: `${refused.refusal.problem}.${seenIn(refused.sources)}`,
        fix: refused.refusal.fix,
      });
    return reports;
  },
};
