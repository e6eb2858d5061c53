/*
 * Shapes of the secrets a Convex deployment handles, found anywhere in a text: what the app's file rule
 * no-secrets-in-file refuses in a workspace file, and what printable() masks in every message. Each shape is
 * specific enough not to match what a workspace or a message legitimately holds: a 40-hex image revision
 * has no upper-case letter, bucket and host names have dashes or dots that break a 40-character run.
 */

/** The kinds of secret a text can hold. */
export type SecretShape =
  "pem" | "aws-access-key-id" | "url-password" | "admin-key" | "instance-secret" | "aws-secret-key";

/** One secret-shaped stretch of a text: [start, end) in UTF-16 code units, and its shape. */
export interface SecretStretch {
  readonly shape: SecretShape;
  readonly start: number;
  readonly end: number;
}

/** What each shape is, in words a message can use without quoting it. */
export const SECRET_SHAPE_WHAT: Readonly<Record<SecretShape, string>> = {
  pem: "a PEM block (key or certificate)",
  "aws-access-key-id": "an AWS access key id",
  "url-password": "a URL with a password in it",
  "admin-key": "a Convex admin key",
  "instance-secret": "64 hex characters, the shape of an INSTANCE_SECRET",
  "aws-secret-key": "40 characters shaped like an AWS secret access key",
};

/** Each shape as a global regular expression whose matches are the stretches to mask. */
const PATTERNS: readonly { readonly shape: SecretShape; readonly pattern: RegExp }[] = [
  // The whole block when its end line is there, else from its first line to the end of the text.
  { shape: "pem", pattern: /-----BEGIN [A-Z0-9 ]+-----(?:[\s\S]*?-----END [A-Z0-9 ]+-----|[\s\S]*)/g },
  // Bounded by anything but the key's own characters: "key=AKIA...", "xAKIA..." and "/AKIA.../" all count.
  { shape: "aws-access-key-id", pattern: /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/g },
  // scheme://user:password@ : the user and password.
  { shape: "url-password", pattern: /(?<=[a-z][a-z0-9+.-]{0,30}:\/\/)[^\s/@:]{0,200}:[^\s/@]{1,200}(?=@)/gi },
  // <instance-name>|<hex>: the hex.
  { shape: "admin-key", pattern: /(?<=[a-z0-9-]\|)[0-9a-f]{40,}/gi },
  { shape: "instance-secret", pattern: /(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/gi },
];

/**
 * Every secret-shaped stretch of `text`, in order, overlaps merged into the first. Linear in the length of
 * the text (each pattern is one pass; the secret access key's search is one pass per run of its alphabet).
 */
export function secretStretches(text: string): SecretStretch[] {
  const found: SecretStretch[] = [];
  for (const { shape, pattern } of PATTERNS) {
    for (const match of text.matchAll(pattern))
      found.push({ shape, start: match.index, end: match.index + match[0].length });
  }
  for (const [start, end] of secretAccessKeys(text)) found.push({ shape: "aws-secret-key", start, end });
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: SecretStretch[] = [];
  for (const stretch of found) {
    const last = merged[merged.length - 1];
    if (last && stretch.start < last.end) {
      if (stretch.end > last.end) merged[merged.length - 1] = { ...last, end: stretch.end };
    } else merged.push(stretch);
  }
  return merged;
}

/**
 * The shape of the first secret `text` holds, and what it is in words, or undefined. Never returns or logs the text itself.
 *
 * @example
 * ```ts
 * secretShapeOf("postgres://convex:hunter2@db:5432"); // { shape: "url-password", what: "a URL with a password in it" }
 * secretShapeOf("https://api.example.com"); // undefined
 * ```
 */
export function secretShapeOf(text: string): { readonly shape: SecretShape; readonly what: string } | undefined {
  const first = secretStretches(text)[0];
  return first && { shape: first.shape, what: SECRET_SHAPE_WHAT[first.shape] };
}

/**
 * A secret access key is 40 characters of the base64 alphabet, '/' included, so in a URL path, a folder
 * prefix or an ssh host its edges may be '/' as well as any other character. Every stretch of whole
 * '/'-separated pieces of a run of those characters that is exactly 40 long is a candidate (found in one
 * pass per run); it counts when it mixes upper case, lower case and digits and is not made of words
 * ("Projects/Convex2024/Backups/DailyExports" is a path, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" is not).
 */
function* secretAccessKeys(text: string): Generator<[number, number]> {
  for (const run of text.matchAll(/[A-Za-z0-9+/]{40,}/g)) {
    const pieces = run[0].split("/");
    // Where each piece starts in the run.
    const starts: number[] = [];
    for (let i = 0, at = 0; i < pieces.length; at += pieces[i].length + 1, i++) starts.push(at);
    // Two pointers over the pieces: [first, last] joined with '/' is `length` characters long.
    let first = 0;
    let length = -1;
    for (let last = 0; last < pieces.length; last++) {
      length += pieces[last].length + 1;
      while (length > 40 && first < last) length -= pieces[first++].length + 1;
      if (length === 40 && looksRandom(pieces.slice(first, last + 1))) {
        const start = run.index + starts[first];
        yield [start, start + 40];
      }
    }
  }
}

/** Capitalised or lower-case words, all-caps words, numbers. */
const WORDS = /^(?:[A-Z]?[a-z]{2,}|[A-Z]{2,}|[0-9]+)*$/;

function looksRandom(pieces: readonly string[]): boolean {
  const joined = pieces.join("/");
  return (
    /[A-Z]/.test(joined) && /[a-z]/.test(joined) && /[0-9]/.test(joined) && !pieces.every((piece) => WORDS.test(piece))
  );
}
