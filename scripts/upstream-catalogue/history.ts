import type { UpstreamCheckout } from "./checkout";

/*
 * Upstream's release branch and the evidence of publication, as the checkout's refs and files show them.
 *
 * Images are built for pushes to `release` (.github/workflows/release_self_hosted_images.yml:3-7), which
 * upstream fast-forwards from main, so which commits were pushed as heads cannot be told from the branch
 * itself. What can be told:
 * - self-hosted/CHANGELOG.md names the releases up to 2025-09-12 (`## <date> \`<revision>\``);
 * - `self-hosted-release-<date>-<short>` tags mark releases of 2025-02-19 to 2025-09-03;
 * - precompile.yml runs on the same pushes to `release` since 6e00a4b8 (2025-09-11; before, it ran on a
 *   daily schedule on main) and publishes a GitHub release `precompiled-<date>-<short>` whose short hash is
 *   `git rev-parse --short HEAD` of the pushed commit (.github/workflows/precompile.yml:55-59). The tag itself
 *   may point elsewhere: action-gh-release creates a missing tag on the default branch; the name is the record;
 * - the head of `release` in the checkout.
 */

export type Evidence =
  | { readonly kind: "changelog"; readonly line: number }
  | { readonly kind: "tag"; readonly name: string }
  | { readonly kind: "precompiled"; readonly name: string }
  | { readonly kind: "head" };

export interface ReleaseHistory {
  readonly releaseRef: string;
  readonly head: string;
  /** Every commit on the release branch, oldest first (its linear history: position = index + 1). */
  readonly commits: readonly string[];
  readonly position: ReadonlyMap<string, number>;
  /** Commit dates in UTC, YYYY-MM-DD, of every commit on the branch. */
  readonly date: ReadonlyMap<string, string>;
  /** Evidence of publication, by revision on the branch. */
  readonly evidence: ReadonlyMap<string, readonly Evidence[]>;
  /** Commits the checkout holds that are not on the branch, with the refs that name them. */
  readonly offRelease: ReadonlyMap<string, readonly string[]>;
  /** Things the reviewer of a regenerated catalogue should read: refs that could not be resolved, ... */
  readonly notes: readonly string[];
}

const CHANGELOG = "self-hosted/CHANGELOG.md";
const PRECOMPILE = ".github/workflows/precompile.yml";
const RELEASE_REFS = ["refs/heads/release", "refs/remotes/origin/release"];
const MAIN_REFS = ["refs/heads/main", "refs/remotes/origin/main"];

/** Whether a commit's precompile workflow runs on pushes to `release` (and not on a schedule). */
function precompilesOnRelease(workflow: string | undefined): boolean {
  if (workflow === undefined) return false;
  const on = /^on:\s*\n((?:[ \t]+.*\n|\s*\n)*)/m.exec(workflow)?.[1] ?? "";
  return /push:\s*\n\s*branches:\s*\n\s*-\s*release\b/.test(on) && !/schedule:/.test(on);
}

function add(map: Map<string, Evidence[]>, revision: string, evidence: Evidence): void {
  const list = map.get(revision) ?? [];
  list.push(evidence);
  map.set(revision, list);
}

export function readHistory(checkout: UpstreamCheckout): ReleaseHistory {
  const release = checkout.firstRef(RELEASE_REFS);
  if (!release) throw new Error(`no release branch in ${checkout.path}: looked for ${RELEASE_REFS.join(", ")}`);
  const notes: string[] = [];
  const commits = checkout.git(["rev-list", "--reverse", "--first-parent", release.ref]).split("\n").filter(Boolean);
  const position = new Map(commits.map((commit, i) => [commit, i + 1]));
  const merges = checkout.git(["rev-list", "--merges", "--count", release.ref]).trim();
  if (merges !== "0") notes.push(`${merges} merge commits on ${release.ref}: positions follow its first parents only`);
  const date = new Map<string, string>();
  for (const line of checkout
    .git(["log", "--first-parent", "--date=format-local:%Y-%m-%d", "--format=%H %cd", release.ref])
    .split("\n")) {
    const [commit, day] = line.split(" ");
    if (commit && day) date.set(commit, day);
  }

  const evidence = new Map<string, Evidence[]>();
  const changelog = checkout.files(release.commit, [CHANGELOG]).get(CHANGELOG)?.text ?? "";
  changelog.split("\n").forEach((line, i) => {
    const match = /^## \d{4}-\d{2}-\d{2} `([0-9a-f]{40})`/.exec(line);
    if (!match) return;
    if (position.has(match[1])) add(evidence, match[1], { kind: "changelog", line: i + 1 });
    else notes.push(`${CHANGELOG}:${i + 1} names ${match[1]}, which is not on ${release.ref}`);
  });

  const tags = checkout
    .git(["for-each-ref", "--format=%(refname:short) %(*objectname)%(objectname)", "refs/tags"])
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [name, ids] = line.split(" ");
      // For an annotated tag the first 40 characters are the commit it points at.
      return { name, commit: ids.slice(0, 40) };
    });
  const byPrefix = new Map<string, string[]>();
  const prefixOf = (short: string): string[] => {
    let found = byPrefix.get(short);
    if (!found) {
      found = commits.filter((commit) => commit.startsWith(short));
      byPrefix.set(short, found);
    }
    return found;
  };
  const precompiledTags: { name: string; built: string | undefined; target: string }[] = [];
  for (const { name, commit } of tags) {
    if (name.startsWith("self-hosted-release-")) {
      if (position.has(commit)) add(evidence, commit, { kind: "tag", name });
      else notes.push(`tag ${name} points at ${commit}, which is not on ${release.ref}`);
    }
    const short = /^precompiled-\d{4}-\d{2}-\d{2}-([0-9a-f]{7,40})$/.exec(name)?.[1];
    if (short === undefined) continue;
    const candidates = prefixOf(short);
    precompiledTags.push({ name, built: candidates.length === 1 ? candidates[0] : undefined, target: commit });
  }
  // Which of those commits precompile on pushes to release: their workflow file, read in one batch.
  const asked = [...new Set(precompiledTags.flatMap((t) => (t.built ? [t.built, t.target] : [t.target])))];
  const workflowOids = checkout.objects(asked.map((commit) => `${commit}:${PRECOMPILE}`));
  const workflowTexts = checkout.blobs(workflowOids.flatMap((o) => (o?.type === "blob" ? [o.oid] : [])));
  const onPush = new Set(
    asked.filter((_, i) => precompilesOnRelease(workflowOids[i] ? workflowTexts.get(workflowOids[i].oid) : undefined)),
  );
  for (const { name, built, target } of precompiledTags.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (built !== undefined && onPush.has(built)) add(evidence, built, { kind: "precompiled", name });
    else if (onPush.has(target))
      notes.push(`tag ${name}: its name's short hash is not one commit on ${release.ref}, so it dates no release`);
  }
  add(evidence, release.commit, { kind: "head" });

  // Every other commit a ref names, and main's commits past the release head.
  const offRelease = new Map<string, string[]>();
  const named = (commit: string, ref: string) => {
    if (position.has(commit)) return;
    offRelease.set(commit, [...(offRelease.get(commit) ?? []), ref]);
  };
  for (const line of checkout
    .git([
      "for-each-ref",
      "--format=%(refname) %(*objectname)%(objectname)",
      "refs/heads",
      "refs/remotes",
      "refs/pull",
      "refs/tags",
    ])
    .split("\n")
    .filter(Boolean)) {
    const [ref, ids] = line.split(" ");
    if (ref.endsWith("/HEAD") || /^refs\/pull\/\d+\/merge$/.test(ref)) continue;
    named(ids.slice(0, 40), ref.replace(/^refs\/(heads\/|remotes\/|tags\/)?/, ""));
  }
  const main = checkout.firstRef(MAIN_REFS);
  if (main) {
    for (const commit of checkout
      .git(["rev-list", `${release.ref}..${main.ref}`])
      .split("\n")
      .filter(Boolean)) {
      if (!offRelease.has(commit))
        named(commit, `${main.ref.replace(/^refs\/(heads|remotes)\//, "")} (after the release head)`);
    }
  }
  return { releaseRef: release.ref, head: release.commit, commits, position, date, evidence, offRelease, notes };
}
