import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { ROOT } from "./helpers/run";

/*
 * A reference a reader follows must lead somewhere: every relative link of README.md and docs/*.md reaches a
 * file of the repository (and its #anchor a heading there), and every repository path named in their prose,
 * in a code comment or in a message the code prints names a file or folder that exists. Public URLs are
 * left alone (never fetched). A path counts as the repository's when its first segment is an entry of the
 * repository's root (or, for `./` and `../`, of the citing file's folder): upstream's paths
 * (crates/..., src/...) and packages' (cdktf/lib/...) are not ours to check. `<name>` and `*` stand for one
 * path segment, which at least one entry must fill.
 */

/** Generated or installed, never committed: not the repository's (and cited as output, e.g. cdktf.out/stacks). */
const NOT_IN_REPOSITORY = new Set([
  ".git",
  "node_modules",
  "lib",
  "dist",
  "cdktf.out",
  ".cache",
  "coverage",
  ".terraform",
]);

/** A path: two or more segments, not inside a URL or a longer word. */
const PATH_TOKEN = /(?<![\w.@/:-])(?:\.{1,2}\/)*[\w.@<>*-]+(?:\/[\w.@<>*-]+)+\/?/g;

/** A markdown link's target: [text](target) or [text](target "title"). */
const MARKDOWN_LINK = /\[(?:[^\]]|\][^(])*?\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

/** Fewer checked paths than this means the scanner broke (each kind of text cites 100 to 200 today). */
const SOME_PATHS = 50;

interface Citation {
  /** Where it is cited: `<file>:<line>`. */
  readonly at: string;
  readonly text: string;
}

function repositoryFiles(dir = ROOT): string[] {
  return readdirSync(dir).flatMap((entry) => {
    if (NOT_IN_REPOSITORY.has(entry)) return [];
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? repositoryFiles(path) : [path];
  });
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split("\n").length;
}

/** The comments of a TypeScript or JavaScript file, found by the compiler's own scanner (not in strings or regexes). */
function commentsOf(file: string, text: string): Citation[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const seen = new Map<number, Citation>();
  const visit = (node: ts.Node) => {
    for (const range of ts.getLeadingCommentRanges(text, node.pos) ?? []) {
      if (!seen.has(range.pos))
        seen.set(range.pos, {
          at: `${relative(ROOT, file)}:${lineAt(text, range.pos)}`,
          text: text.slice(range.pos, range.end),
        });
    }
    node.getChildren(source).forEach(visit);
  };
  visit(source);
  return [...seen.values()];
}

/** The string and template literals of a file: the messages and texts the code prints. */
function stringsOf(file: string, text: string): Citation[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Citation[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node))
      found.push({ at: `${relative(ROOT, file)}:${lineAt(text, node.getStart(source))}`, text: node.text });
    node.forEachChild(visit);
  };
  visit(source);
  return found;
}

/** A shell script's comments (a `#` at the start of a line or after a space; not the #! line). */
function shellCommentsOf(file: string, text: string): Citation[] {
  return text.split("\n").flatMap((line, i) => {
    const comment = /(?:^|\s)#(?!!)(.*)$/.exec(line);
    return comment && !line.startsWith("#!") ? [{ at: `${relative(ROOT, file)}:${i + 1}`, text: comment[1] }] : [];
  });
}

/** A markdown file without its fenced code blocks (examples of commands and files, not references), lines kept. */
function proseOf(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, (block) => block.replace(/[^\n]/g, ""));
}

/** GitHub's anchor of a heading: its text, lowercased, without punctuation, spaces as hyphens. */
function anchorOf(heading: string): string {
  const text = heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[`*]/g, "")
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
}

/** Every anchor a markdown file has: one per heading, "-1", "-2"... for repeats, as GitHub numbers them. */
function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  for (const [, heading] of proseOf(readFileSync(file, "utf8")).matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const anchor = anchorOf(heading);
    let unique = anchor;
    for (let n = 1; anchors.has(unique); n++) unique = `${anchor}-${n}`;
    anchors.add(unique);
  }
  return anchors;
}

/** Whether an absolute `path` (segments may be `<name>` or `*`, one segment each) names an existing file or folder. */
function exists(path: string): boolean {
  const reach = (dir: string, rest: string[]): boolean => {
    if (rest.length === 0) return true;
    const [segment, ...more] = rest;
    if (!/[<*]/.test(segment)) {
      const next = join(dir, segment);
      return existsSync(next) && (more.length === 0 || (statSync(next).isDirectory() && reach(next, more)));
    }
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return false;
    const pattern = new RegExp(`^${segment.replace(/[.+?^$()|[\]\\]/g, "\\$&").replace(/<[^>]*>|\*/g, ".+")}$`);
    return readdirSync(dir)
      .filter((entry) => pattern.test(entry))
      .some((entry) => reach(join(dir, entry), more));
  };
  return reach("/", path.split("/").filter(Boolean));
}

/**
 * The repository paths a text cites, with whether each exists. `base` is the citing file's folder, or
 * undefined where `./` and `../` are relative to something else (a message's paths are relative to where the
 * command runs). A module specifier may leave out `.ts` or `/index.ts`; a sentence may end a path with a
 * period. `./x` without an extension is a package's subpath (`./domain`), not a file.
 */
function citedPaths(text: string, base: string | undefined): { path: string; found: boolean }[] {
  const rootEntries = new Set(readdirSync(ROOT).filter((entry) => !NOT_IN_REPOSITORY.has(entry)));
  return [...text.matchAll(PATH_TOKEN)].flatMap(([token]) => {
    const path = token.replace(/\.+$/, "");
    const relativeToFile = path.startsWith("./") || path.startsWith("../");
    const from = relativeToFile ? base : ROOT;
    if (from === undefined || (relativeToFile && !/\.\w+$/.test(path))) return [];
    if (!relativeToFile && !rootEntries.has(path.split("/")[0])) return [];
    const full = resolve(from, path);
    if (relative(ROOT, full).startsWith("..") || NOT_IN_REPOSITORY.has(relative(ROOT, full).split("/")[0])) return [];
    const found = [full, `${full}.ts`, join(full, "index.ts")].some(exists);
    return [{ path, found }];
  });
}

/** Every cited path that does not exist, as `<file>:<line>: <path>`, and how many paths were checked. */
function dangling(
  citations: readonly Citation[],
  base: (at: string) => string | undefined,
): { checked: number; missing: string[] } {
  const cited = citations.flatMap(({ at, text }) => citedPaths(text, base(at)).map((path) => ({ at, ...path })));
  return { checked: cited.length, missing: cited.filter((c) => !c.found).map((c) => `${c.at}: ${c.path}`) };
}

const folderOf = (at: string) => dirname(join(ROOT, at.replace(/:\d+$/, "")));
const files = repositoryFiles();
const docs = files.filter((file) => /^(README\.md|docs\/[^/]+\.md)$/.test(relative(ROOT, file)));
const code = files.filter((file) => /\.(ts|js|mjs)$/.test(file));
const scripts = files.filter((file) => file.endsWith(".sh") || relative(ROOT, file) === ".ci/run");

describe("references in code and docs", () => {
  it("finds README.md, the docs, the code and the scripts", () => {
    expect(docs.map((file) => relative(ROOT, file))).toEqual(expect.arrayContaining(["README.md", "docs/commands.md"]));
    expect(code.length).toBeGreaterThan(100);
    expect(scripts.length).toBeGreaterThan(5);
  });

  it("every relative link of README.md and docs/*.md reaches a file of the repository, and its #anchor a heading there", () => {
    const broken = docs.flatMap((file) => {
      const prose = proseOf(readFileSync(file, "utf8"));
      return [...prose.matchAll(MARKDOWN_LINK)].flatMap((link) => {
        const target = link[1];
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return []; // https:, mailto:: public, not fetched
        const [path, anchor] = target.split("#");
        const linked = path === "" ? file : resolve(dirname(file), decodeURI(path));
        const at = `${relative(ROOT, file)}:${lineAt(prose, link.index)}: ${target}`;
        if (!existsSync(linked) || relative(ROOT, linked).startsWith("..")) return [`${at} (no such file)`];
        if (anchor && linked.endsWith(".md") && !anchorsOf(linked).has(anchor)) return [`${at} (no such heading)`];
        return [];
      });
    });
    expect(broken).toEqual([]);
  });

  it("every repository path in the prose of README.md and docs/*.md exists", () => {
    const citations = docs.map((file) => ({ at: relative(ROOT, file), text: proseOf(readFileSync(file, "utf8")) }));
    const found = citations.flatMap(({ at, text }) =>
      text.split("\n").map((line, i) => ({ at: `${at}:${i + 1}`, text: line.replace(MARKDOWN_LINK, "") })),
    );
    const { checked, missing } = dangling(found, folderOf);
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(SOME_PATHS);
  });

  it("every repository path in a code comment exists", () => {
    const comments = code.flatMap((file) => commentsOf(file, readFileSync(file, "utf8")));
    const shell = scripts.flatMap((file) => shellCommentsOf(file, readFileSync(file, "utf8")));
    const { checked, missing } = dangling([...comments, ...shell], folderOf);
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(SOME_PATHS);
  });

  it("every repository path in a message or text the code prints exists", () => {
    // Tests' strings are data (files they create, paths they make up), not references.
    const product = code.filter((file) => !relative(ROOT, file).startsWith("__tests__/"));
    const strings = product.flatMap((file) => stringsOf(file, readFileSync(file, "utf8")));
    const { checked, missing } = dangling(strings, () => undefined);
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(SOME_PATHS);
  });

  it("tells a dangling path from one that exists, a URL, upstream's paths and generated output", () => {
    const text = [
      "see constructs/no-such-file.ts and docs/performance.md,",
      "constructs/domain (a module), storage-kinds/<kind>/rules/ and api/*.api.md;",
      "https://github.com/get-convex/convex-backend/blob/main/crates/local_backend/src/config.rs,",
      "crates/common/src/knobs.rs, cdktf/lib/tokens/private/stack-trace, cdktf.out/stacks/<name>/cdk.tf.json,",
      "./no-such-sibling.ts, ./references.test.ts, ./domain (a package subpath), docs/no-such-folder/",
    ].join("\n");
    expect(citedPaths(text, __dirname)).toEqual([
      { path: "constructs/no-such-file.ts", found: false },
      { path: "docs/performance.md", found: true },
      { path: "constructs/domain", found: true },
      { path: "storage-kinds/<kind>/rules/", found: true },
      { path: "api/*.api.md", found: true },
      { path: "./no-such-sibling.ts", found: false },
      { path: "./references.test.ts", found: true },
      { path: "docs/no-such-folder/", found: false },
    ]);
  });

  it("reads anchors as GitHub makes them", () => {
    expect(anchorOf("`npm run validate -- [--offline]`")).toBe("npm-run-validate------offline");
    expect(anchorOf("The doctor's state checks")).toBe("the-doctors-state-checks");
    expect(anchorOf("Storage with kind `AwsS3`")).toBe("storage-with-kind-awss3");
    expect(anchorOf("See [the rules](rules.md)")).toBe("see-the-rules");
  });
});
