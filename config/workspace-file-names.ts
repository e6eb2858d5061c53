/*
 * Which names in a directory of workspaces are workspace files. A workspace is `*.json`; a file whose name
 * says it was meant as one but is not read as one (an extension in other case, misspelt, JSON5) is reported,
 * never skipped: a user who saved `shop.JSON` or `shop.jsno` expects a stack for it. Copies an editor or a
 * user leaves next to a workspace (`shop.json~`, `shop.json.bak`, `.shop.json.swp`) are not read, and said.
 */

export type WorkspaceFileName =
  /** Read as a workspace. */
  | { readonly kind: "workspace" }
  /** Meant as a workspace, but not read as one: the extension it has. */
  | { readonly kind: "misnamed"; readonly extension: string; readonly renamed: string }
  /** A copy of a workspace file, not read. */
  | { readonly kind: "copy" }
  /** Anything else (a README, a script): not a workspace by its name. */
  | { readonly kind: "other" };

/** What editors and people name a copy: a trailing `~`, a lock or swap file, a `.bak`, `.orig`, `.old`, a number. */
const COPY = /^\.?#.*#$|\.json(?:~|\.(?:bak|backup|orig|old|save|tmp|swp|swo|\d+)|\.\w+~)$|^\..*\.json$/i;

/** Extensions that are JSON by another name: read by no strict JSON reader (JSON5 and JSONC allow comments). */
const JSON_DIALECTS = new Set(["json5", "jsonc"]);

export function classifyWorkspaceFileName(name: string): WorkspaceFileName {
  if (COPY.test(name)) return { kind: "copy" };
  if (/\.json$/.test(name)) return { kind: "workspace" };
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return { kind: "other" };
  const extension = name.slice(dot + 1);
  const base = name.slice(0, dot).replace(/[\s.]+$/, "");
  const word = extension.trim().toLowerCase();
  if (word === "json" || JSON_DIALECTS.has(word) || nearlyJson(word) || (word === "" && /\.json$/i.test(base)))
    return { kind: "misnamed", extension, renamed: `${base.replace(/\.json$/i, "")}.json` };
  return { kind: "other" };
}

/** One edit from "json": a letter missing, added, replaced, or two neighbours swapped ("jsn", "jsoon", "josn"). */
function nearlyJson(word: string): boolean {
  const target = "json";
  if (Math.abs(word.length - target.length) > 1 || word === target) return false;
  if (word.length === target.length) {
    const diffs = [...word].flatMap((c, i) => (c === target[i] ? [] : [i]));
    if (diffs.length === 1) return true;
    const [a, b] = diffs;
    return diffs.length === 2 && b === a + 1 && word[a] === target[b] && word[b] === target[a];
  }
  const [short, long] = word.length < target.length ? [word, target] : [target, word];
  for (let i = 0; i < long.length; i++) if (long.slice(0, i) + long.slice(i + 1) === short) return true;
  return false;
}
