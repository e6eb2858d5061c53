import {
  BACKEND_IMAGE,
  catalogueEntries,
  catalogueEntry,
  DASHBOARD_VARIABLES,
  DEFAULT_KNOBS,
  DEFAULTS,
  describeRevisionsReading,
  describeUpstreamDefaults,
  factAt,
  factChanges,
  factKeys,
  firstPublishedRelease,
  KnobForm,
  KNOBS,
  type KnobSpec,
  KnobType,
  newestRelease,
  offReleaseRevisions,
  upstreamDefaultAt,
} from "../constructs/domain";
import { cell } from "./workspace-reference";

/** Where `npm run schema` writes the catalogue's reference, relative to the project root. */
export const CATALOGUE_REFERENCE_FILE = "docs/upstream-catalogue.md";

const short = (revision: string) => revision.slice(0, 8);
const dated = (revision: string) => `\`${short(revision)}\` (${catalogueEntry(revision)?.date ?? "?"})`;

function evidenceCell(revision: string): string {
  const evidence = catalogueEntry(revision)?.evidence ?? [];
  if (evidence.length === 0) return "unknown";
  return evidence
    .map((e) =>
      e === "head"
        ? "release head"
        : e.startsWith("changelog:")
          ? `CHANGELOG.md:${e.slice("changelog:".length)}`
          : `\`${e.slice(e.indexOf(":") + 1)}\``,
    )
    .join(", ");
}

/** One change of a fact, in words. */
function describeChange(key: string, previous: string | null, value: string | null): string {
  const colon = key.indexOf(":");
  const [kind, name] = colon < 0 ? [key, ""] : [key.slice(0, colon), key.slice(colon + 1)];
  const v = (text: string) => `\`${text}\``;
  switch (kind) {
    case "backend":
      if (name.startsWith("GET ")) return value === null ? `stops serving ${v(name)}` : `serves ${v(name)}`;
      if (value === null) return `no longer reads ${v(name)}`;
      if (previous === null) return `reads ${v(name)}${value === "read" ? "" : ` (default ${value})`}`;
      return `default of ${v(name)}: ${previous} → ${value}`;
    case "entrypoint":
      if (name === "s3-requires")
        return value === null
          ? "the entrypoint has no S3 mode"
          : `the entrypoint starts S3 only with ${value.split(" ").map(v).join(", ")} all set`;
      if (/^[a-z-]+$/.test(name)) return `entrypoint ${name}: ${value ?? "none"}`;
      return value === null
        ? `the entrypoint no longer reads ${v(name)}`
        : `the entrypoint reads ${v(name)}${value === "read" ? "" : ` (${value})`}`;
    case "compose": {
      const [service, setting] = [name.slice(0, name.indexOf(" ")), name.slice(name.indexOf(" ") + 1)];
      const what = /^[A-Z]/.test(setting) ? v(setting) : setting;
      if (value === null) return `upstream compose's ${service} drops ${what}`;
      return `upstream compose's ${service}: ${what} ${previous === null ? "" : `${previous} → `}${value}`;
    }
    case "dashboard":
      return value === null ? `the dashboard no longer reads ${v(name)}` : `the dashboard reads ${v(name)}`;
    case "database-version":
      return `database version ${value ?? "none"}`;
    case "journal-mode":
      return `SQLite journal mode ${value === null ? "none" : v(value)}`;
    default:
      return `${key}: ${value}`;
  }
}

function contractTable(): string[] {
  const byRevision = new Map<string, string[]>();
  for (const key of factKeys()) {
    let previous: string | null = null;
    for (const change of factChanges(key)) {
      const text = `${describeChange(key, previous, change.value)} (${change.source})`;
      byRevision.set(change.revision, [...(byRevision.get(change.revision) ?? []), text]);
      previous = change.value;
    }
  }
  const rows = catalogueEntries().filter((entry) => byRevision.has(entry.revision));
  return [
    "| revision | date | published | what changes from here on (where, at that revision) |",
    "|---|---|---|---|",
    ...rows.map(
      (entry) =>
        `| \`${entry.revision}\` | ${entry.date} | ${evidenceCell(entry.revision)} | ${cell(byRevision.get(entry.revision)!.join("; "))} |`,
    ),
  ];
}

function knobType(spec: KnobSpec): string {
  switch (spec.type) {
    case KnobType.SECONDS:
      return `seconds, ≥ ${spec.min ?? 0}`;
    case KnobType.COUNT:
      return `count, ≥ ${spec.min ?? 0}`;
    case KnobType.BOOLEAN:
      return "boolean";
    case KnobType.ENUM:
      return spec.values!.map((value) => `\`"${value}"\``).join(", ");
  }
}

function emittedAs(spec: KnobSpec): string {
  if (spec.form === KnobForm.PRESENCE)
    return "`1` when true, absent when false (any value, even empty or `false`, counts)";
  if (spec.form === KnobForm.WORD) return "the word";
  return spec.type === KnobType.BOOLEAN ? "`true` / `false` (exactly: Rust's bool)" : "decimal";
}

function knobTable(): string[] {
  const pin = DEFAULTS.version;
  const newest = newestRelease().revision;
  const at = (spec: KnobSpec, revision: string) => upstreamDefaultAt(spec, revision) ?? "**not read**";
  const ours = (spec: KnobSpec) => {
    const value = DEFAULT_KNOBS[spec.prop];
    return value === undefined ? "unset (upstream's)" : `**${String(value)}**`;
  };
  return [
    `| variable (\`convex.knobs\` key) | library prop | type | emitted as | read by | upstream's default at the default pin ${dated(pin)} | at the newest release ${dated(newest)} | upstream's default over time | this project's default | source | what it sets |`,
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...KNOBS.map(
      (spec) =>
        `| \`${spec.variable}\` | \`${spec.prop}\` | ${knobType(spec)} | ${emittedAs(spec)} | ${cell(describeRevisionsReading(spec.variable).replace(/^revisions /, ""))} | ${cell(at(spec, pin))} | ${cell(at(spec, newest))} | ${cell(describeUpstreamDefaults(spec))} | ${ours(spec)} | ${cell(spec.source)} | ${cell(spec.meaning)} |`,
    ),
  ];
}

function noLongerRead(): string[] {
  const newest = newestRelease().revision;
  const gone = KNOBS.filter((spec) => upstreamDefaultAt(spec, newest) === undefined);
  if (gone.length === 0) return ["Every typed knob is read by the newest release."];
  return gone.map((spec) => {
    const stop = factChanges(`backend:${spec.variable}`)
      .filter((change) => change.value === null)
      .pop();
    return `- \`${spec.variable}\` is **not read by the newest release** ${dated(newest)}${stop ? `: no revision reads it from ${dated(stop.revision)} on (${stop.source})` : ""}. \`knobs-read-by-revision\` refuses it there, naming the revisions that do read it.`;
  });
}

function dashboardTable(): string[] {
  const newest = newestRelease().revision;
  const readers = (variable: string) => {
    const spans: string[] = [];
    let from: string | undefined;
    for (const change of factChanges(`dashboard:${variable}`)) {
      if (change.value !== null && from === undefined) from = change.revision;
      if (change.value === null && from !== undefined) {
        spans.push(`from ${dated(from)} until before ${dated(change.revision)}`);
        from = undefined;
      }
    }
    if (from !== undefined) spans.push(`from ${dated(from)} on`);
    return spans.join(", and ") || "none";
  };
  return [
    `| variable | read by revisions | read (published image) | secret | this project | why | where (at ${short(newest)}) |`,
    "|---|---|---|---|---|---|---|",
    ...DASHBOARD_VARIABLES.map(
      (d) =>
        `| \`${d.variable}\` | ${readers(d.variable)} | ${d.read} | ${d.secret ? "**yes**" : "no"} | ${d.emitted === "always" ? "**set**" : "never set"} | ${cell(d.why)} | ${cell(d.source)} |`,
    ),
  ];
}

function composeTable(): string[] {
  const pin = DEFAULTS.version;
  const newest = newestRelease().revision;
  const keys = factKeys().filter(
    (key) => key.startsWith("compose:") && (factAt(key, pin)?.value != null || factAt(key, newest)?.value != null),
  );
  return [
    `| service, setting | at the default pin ${dated(pin)} | at the newest release ${dated(newest)} | where, at the revision that set the newest value |`,
    "|---|---|---|---|",
    ...keys.map((key) => {
      const [a, b] = [factAt(key, pin)!, factAt(key, newest)!];
      return `| ${cell(key.slice("compose:".length))} | ${cell(a.value ?? "absent")} | ${cell(b.value ?? "absent")} | ${cell(b.value === null ? "" : b.source)} |`;
    }),
  ];
}

function releasesTable(): string[] {
  const releases = catalogueEntries().filter((entry) => entry.evidence.length > 0);
  return [
    "| revision | date | evidence |",
    "|---|---|---|",
    ...[...releases]
      .reverse()
      .map((entry) => `| \`${entry.revision}\` | ${entry.date} | ${evidenceCell(entry.revision)} |`),
  ];
}

function offReleaseLines(): string[] {
  const all = offReleaseRevisions();
  const pulls = all.filter((o) => o.refs.every((ref) => ref.startsWith("pull/")));
  const others = all.filter((o) => !o.refs.every((ref) => ref.startsWith("pull/")));
  return [
    `${all.length} revisions: the heads of ${pulls.length} pull requests that never reached the release branch, and these:`,
    "",
    ...others.map((o) => `- \`${o.revision}\`: ${o.refs.map((ref) => `\`${ref}\``).join(", ")}`),
  ];
}

/** The page, generated from the catalogue the project holds (constructs/domain/upstream-catalogue-data.ts). */
export function renderCatalogueReference(): string {
  const newest = newestRelease();
  const first = firstPublishedRelease();
  const entries = catalogueEntries();
  const releases = entries.filter((entry) => entry.evidence.length > 0).length;
  return [
    "# Upstream revisions: the catalogue",
    "",
    "<!-- Generated by `npm run schema` from constructs/domain/upstream-catalogue-data.ts; do not edit. -->",
    "",
    "Every revision of get-convex/convex-backend this project knows, one table keyed by revision",
    "(`constructs/domain/upstream-catalogue-data.ts`), read through `constructs/domain/upstream-catalogue.ts`.",
    `It holds ${entries.length} revisions of upstream's release branch: every release from the first published image,`,
    `${dated(first.revision)}, to the head of the release branch in the mirror it was made from, ${dated(newest.revision)}`,
    `(${releases} with evidence of publication), and every revision at which something this project depends on changed,`,
    "each with its file and line at that revision. Regenerate it for a newer release with",
    "`npm run catalogue -- <mirror>` (a `git clone --mirror` of upstream, brought up to date with `git remote update`;",
    "nothing is downloaded by the script) and review what it prints; `--check` says whether the file is current.",
    "",
    "## Which revisions have an image",
    "",
    `Upstream tags its images with the revision they are built from: \`${BACKEND_IMAGE}:<revision>\` and`,
    "`ghcr.io/get-convex/convex-dashboard:<revision>` (.github/workflows/release_self_hosted_images.yml:45-57 at 652b828b), one registry",
    "for every release since the first image. It builds them for the revisions pushed to its `release` branch (:3-7,",
    "since e1cff0b1 of 2025-09-09). Before that, by hand (`workflow_dispatch`): `release_local_backend.yml` and",
    "`release_local_dashboard.yml` (:3-10 and :100-103 at 4499dd4f), then `release_self_hosted_images.yml` from a2524f62",
    "(2025-02-21), which from f841136b (2025-02-26) also ran on pushes to main that changed",
    "`crates/model/src/migrations.rs`: the head of such a push has an image that no evidence below records.",
    "The branch is fast-forwarded from main, so which of its commits were pushed as heads cannot be read from it;",
    "the catalogue records only the evidence that exists:",
    "",
    "- **CHANGELOG.md:N**: named at that line of self-hosted/CHANGELOG.md (at the release head); the changelog stops",
    '  after 2025-09-12 ("check git log").',
    "- **`self-hosted-release-…`**: a release tag (2025-02-19 to 2025-09-03).",
    "- **`precompiled-<date>-<short>`**: since 6e00a4b8 (2025-09-11), .github/workflows/precompile.yml runs on the same",
    "  pushes to `release` (:3-7) and publishes a GitHub release named after the pushed commit",
    "  (`git rev-parse --short HEAD`, :55-59); the tag itself may point elsewhere (a missing tag is created on the",
    "  default branch), so the name is what counts. Before that the workflow ran daily on main: those tags prove nothing.",
    "- **release head**: the head of `release` in the mirror.",
    "",
    "A revision with none of these is **unknown**: `validate` warns (rule `revision-published`). A revision the",
    "catalogue saw only on another ref (a pull request, a branch, main past the release head) is refused (rule",
    "`revision-on-release-branch`). Both name the newest release.",
    "",
    "## Knobs: upstream's default by revision",
    "",
    `The value at the default pin and at the newest release, and every change since the first published image. Read with`,
    "`env_config` (crates/cmd_util/src/env.rs): the default is the second argument in crates/common/src/knobs.rs, evaluated.",
    "",
    ...knobTable(),
    "",
    ...noLongerRead(),
    "",
    "## Dashboard variables",
    "",
    "The `NEXT_PUBLIC_` variables the dashboard's code reads (`npm-packages/dashboard-self-hosted`,",
    "`npm-packages/dashboard-common/src`; tests, stories and mocks left out), and what this project does with each",
    "(`constructs/domain/dashboard-variables.ts`).",
    "",
    ...dashboardTable(),
    "",
    "## Upstream compose",
    "",
    "What upstream's self-hosted/docker/docker-compose.yml sets; docs/backend-environment.md says what this project does",
    "about each (compose parity).",
    "",
    ...composeTable(),
    "",
    "## What changed, revision by revision",
    "",
    "Every revision at which a fact the catalogue tracks changes: a variable the backend, its entrypoint or the",
    "dashboard reads, a knob's default, what the entrypoint needs for S3, upstream compose's settings, the database",
    "version (the migrations a newer backend runs: docs/upgrades.md) and the SQLite journal mode.",
    "",
    ...contractTable(),
    "",
    "## Releases",
    "",
    `${releases} revisions with evidence of publication, newest first, each published as \`${BACKEND_IMAGE}:<revision>\` and`,
    "`ghcr.io/get-convex/convex-dashboard:<revision>` (`publicationOf(revision).images` in `convex-stack/domain`).",
    "",
    ...releasesTable(),
    "",
    "## Not on the release branch",
    "",
    ...offReleaseLines(),
    "",
  ].join("\n");
}
