import { spawnSync } from "node:child_process";

/*
 * A local checkout of get-convex/convex-backend, read with git only: a bare mirror (refs/heads/release) or a
 * clone (refs/remotes/origin/release). Nothing is fetched: every answer comes from the objects already there.
 */

/** A file's content at a revision, with the blob id that identifies the content. */
export interface Blob {
  readonly oid: string;
  readonly text: string;
}

const MAX_OUTPUT = 1 << 30;

export class UpstreamCheckout {
  private readonly blobCache = new Map<string, string>();

  constructor(readonly path: string) {}

  /** Runs git in the checkout and returns its standard output; throws with git's own words on failure. */
  git(args: readonly string[], input?: string): string {
    const result = spawnSync("git", ["-C", this.path, ...args], {
      input,
      encoding: "utf8",
      maxBuffer: MAX_OUTPUT,
      // Commit dates in UTC, as the catalogue records them.
      env: { ...process.env, TZ: "UTC", GIT_TERMINAL_PROMPT: "0" },
    });
    if (result.error) throw result.error;
    if (result.status !== 0)
      throw new Error(
        `git ${args.join(" ")} failed in ${this.path}: ${result.stderr.trim() || `exit ${result.status}`}`,
      );
    return result.stdout;
  }

  /** The commit a ref or revision names, or undefined when the checkout has no such ref. */
  resolve(ref: string): string | undefined {
    const result = spawnSync("git", ["-C", this.path, "rev-parse", "--verify", "--quiet", `${ref}^{commit}`], {
      encoding: "utf8",
    });
    return result.status === 0 ? result.stdout.trim() : undefined;
  }

  /** The first of the refs that exists. */
  firstRef(candidates: readonly string[]): { ref: string; commit: string } | undefined {
    for (const ref of candidates) {
      const commit = this.resolve(ref);
      if (commit) return { ref, commit };
    }
    return undefined;
  }

  /**
   * The objects `<revision>:<path>` requests name, in order: id and type (`blob` for a file, `tree` for a
   * folder; undefined where the path does not exist then). One `git cat-file --batch-check` for all of them.
   */
  objects(requests: readonly string[]): ({ oid: string; type: string } | undefined)[] {
    if (requests.length === 0) return [];
    const lines = this.git(["cat-file", "--batch-check=%(objectname) %(objecttype)"], requests.join("\n") + "\n")
      .split("\n")
      .slice(0, requests.length);
    return lines.map((line) => {
      const [oid, type] = line.split(" ");
      return type === "blob" || type === "tree" ? { oid, type } : undefined;
    });
  }

  /** The content of blobs by id; each blob is read from git once (`git cat-file --batch`). */
  blobs(oids: readonly string[]): Map<string, string> {
    const missing = [...new Set(oids.filter((oid) => !this.blobCache.has(oid)))];
    if (missing.length > 0) {
      const result = spawnSync("git", ["-C", this.path, "cat-file", "--batch"], {
        input: missing.join("\n") + "\n",
        maxBuffer: MAX_OUTPUT,
      });
      if (result.status !== 0) throw new Error(`git cat-file --batch failed in ${this.path}`);
      const out = result.stdout;
      let at = 0;
      for (const oid of missing) {
        const headerEnd = out.indexOf(0x0a, at);
        const header = out.subarray(at, headerEnd).toString("utf8");
        const [gotOid, type, size] = header.split(" ");
        if (gotOid !== oid) throw new Error(`git cat-file --batch answered ${header} for ${oid}`);
        // A large file the snapshot lists but does not hold: nothing this catalogue reads.
        if (type === "missing" || size === undefined) {
          this.blobCache.set(oid, "");
          at = headerEnd + 1;
          continue;
        }
        const start = headerEnd + 1;
        this.blobCache.set(oid, out.subarray(start, start + Number(size)).toString("utf8"));
        at = start + Number(size) + 1;
      }
    }
    return new Map(oids.map((oid) => [oid, this.blobCache.get(oid)!]));
  }

  /** Files at a revision, each as its blob, or undefined where the path does not exist then. */
  files(revision: string, paths: readonly string[]): Map<string, Blob | undefined> {
    const oids = this.objects(paths.map((path) => `${revision}:${path}`)).map((o) =>
      o?.type === "blob" ? o.oid : undefined,
    );
    const texts = this.blobs(oids.filter((oid): oid is string => oid !== undefined));
    return new Map(paths.map((path, i) => [path, oids[i] ? { oid: oids[i], text: texts.get(oids[i])! } : undefined]));
  }

  /** Every file under a folder (given by its tree id): path relative to the folder and blob id (`git ls-tree -r`). */
  tree(treeOid: string): { path: string; oid: string }[] {
    return this.git(["ls-tree", "-r", treeOid])
      .split("\n")
      .filter(Boolean)
      .flatMap((line) => {
        const match = /^\d+ blob ([0-9a-f]+)\t(.*)$/.exec(line);
        return match ? [{ oid: match[1], path: match[2] }] : [];
      });
  }
}
