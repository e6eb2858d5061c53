import type { UpstreamCheckout } from "./checkout";
import { type Evidence, readHistory, type ReleaseHistory } from "./history";
import { UNEVALUATED } from "./rust-default";
import { DASHBOARD_FOLDERS, DASHBOARD_READ_LINE, FACT_FILES, type Fact, type Facts, FactReader } from "./probes";

/*
 * The catalogue: every revision of the release branch that is a release (evidence of publication, from
 * the first published image, the oldest release the CHANGELOG names, to the head), every revision at which
 * a tracked fact changes, the first commit of the history, and the revisions this project names (its pins,
 * the revisions its guards record). A fact can only change where a commit changes a file it is read from:
 * facts are read at every such commit of the branch (its history is linear), so each change is dated by
 * the commit that made it. For the dashboard's folders, the commits that add or remove a line reading a
 * NEXT_PUBLIC_ variable (`git log -G`).
 */

interface CatalogueRow {
  readonly revision: string;
  readonly date: string;
  readonly position: number;
  readonly evidence: readonly Evidence[];
}

interface FactChange {
  readonly revision: string;
  /** null: absent from this revision on. */
  readonly value: string | null;
  readonly source: string;
}

export interface Catalogue {
  readonly history: ReleaseHistory;
  readonly firstPublished: string;
  readonly rows: readonly CatalogueRow[];
  readonly facts: ReadonlyMap<string, readonly FactChange[]>;
  /** For the reviewer: what could not be read as expected. */
  readonly notes: readonly string[];
}

export function buildCatalogue(checkout: UpstreamCheckout, projectRevisions: readonly string[]): Catalogue {
  const history = readHistory(checkout);
  const notes = [...history.notes];
  const byPosition = (a: string, b: string) => history.position.get(a)! - history.position.get(b)!;

  const changelogRevisions = [...history.evidence]
    .filter(([, evidence]) => evidence.some((e) => e.kind === "changelog"))
    .map(([revision]) => revision)
    .sort(byPosition);
  if (changelogRevisions.length === 0) throw new Error("self-hosted/CHANGELOG.md names no release on the branch");
  const firstPublished = changelogRevisions[0];

  const listed = new Set<string>([history.commits[0], ...history.evidence.keys()]);
  for (const revision of projectRevisions) {
    if (history.position.has(revision)) listed.add(revision);
    else notes.push(`this project names ${revision}, which is not on ${history.releaseRef}`);
  }

  // Every commit that changes a file a fact is read from, and every dashboard commit that changes a read.
  const lines = (args: string[]) => checkout.git(args).split("\n").filter(Boolean);
  const fileCommits = lines(["rev-list", history.releaseRef, "--", ...FACT_FILES]);
  const dashboardCommits = new Set(
    lines([
      "log",
      "--no-renames",
      "--format=%H",
      `-G${DASHBOARD_READ_LINE}`,
      history.releaseRef,
      "--",
      ...DASHBOARD_FOLDERS,
    ]),
  );
  const candidates = [...new Set([...listed, ...fileCommits, ...dashboardCommits])].sort(byPosition);
  const fileFacts = new FactReader(checkout).fileFactsAt(candidates);
  const dashboards = new FactReader(checkout);

  const facts = new Map<string, FactChange[]>();
  const rows: CatalogueRow[] = [];
  let previous: Facts = new Map<string, Fact>();
  let dashboard: Facts = new Map<string, Fact>();
  for (const revision of candidates) {
    if (revision === history.commits[0] || dashboardCommits.has(revision))
      dashboard = dashboards.dashboardFactsAt(revision);
    const current = new Map([...fileFacts.get(revision)!, ...dashboard]);
    const changed = [...new Set([...previous.keys(), ...current.keys()])]
      .filter((key) => previous.get(key)?.value !== current.get(key)?.value)
      .sort();
    for (const key of changed) {
      const fact = current.get(key);
      facts.set(key, [
        ...(facts.get(key) ?? []),
        fact
          ? { revision, value: fact.value, source: fact.source }
          : { revision, value: null, source: previous.get(key)!.source.replace(/:\d+(-\d+)?$/, "") },
      ]);
    }
    if (listed.has(revision) || changed.length > 0)
      rows.push({
        revision,
        date: history.date.get(revision)!,
        position: history.position.get(revision)!,
        evidence: history.evidence.get(revision) ?? [],
      });
    previous = current;
  }
  for (const [key, changes] of facts)
    for (const change of changes)
      if (change.value?.startsWith(UNEVALUATED))
        notes.push(
          `${key} at ${change.revision}: the default is not a number this script can evaluate (${change.value})`,
        );
  return { history, firstPublished, rows, facts, notes };
}
