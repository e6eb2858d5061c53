import { secretEnvName } from "../constructs/domain";

/** What a secret-looking value probably is, and where it belongs instead. */
export interface SecretKind {
  readonly what: string;
  /** Where the value belongs: a TF_VAR_ variable or another place, as advice. */
  readonly instead: string;
}

const S3_PAIR = `${secretEnvName("storage_access_key_id")} / ${secretEnvName("storage_secret_access_key")} (backend buckets) or ${secretEnvName("sync_access_key_id")} / ${secretEnvName("sync_secret_access_key")} (LocalPlusSync target)`;

/**
 * Shapes of secrets this project's users handle. Each is specific enough not to match anything a
 * workspace legitimately holds: a 40-hex image revision has no upper-case letter, bucket names and
 * host names have dashes or dots that break a 40-character run.
 */
const PATTERNS: readonly { readonly test: (text: string) => boolean; readonly kind: SecretKind }[] = [
  {
    test: (text) => /-----BEGIN [A-Z0-9 ]+-----/.test(text),
    kind: {
      what: "a PEM block (key or certificate)",
      instead:
        "keep it in a file on the Docker host and name that file (database.caFile for a CA bundle); private keys belong in no file of this project",
    },
  },
  {
    // Bounded by anything but the key's own characters: "key=AKIA...", "xAKIA..." and "/AKIA.../" all count.
    test: (text) => /(?<![A-Z0-9])(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/.test(text),
    kind: { what: "an AWS access key id", instead: S3_PAIR },
  },
  {
    test: (text) => /[a-z][a-z0-9+.-]{0,30}:\/\/[^\s/@:]{0,200}:[^\s/@]{1,200}@/i.test(text),
    kind: {
      what: "a URL with a password in it",
      instead: `${secretEnvName("database_url")} for a database server; S3 credentials go in ${S3_PAIR}`,
    },
  },
  {
    test: (text) => /[a-z0-9-]\|[0-9a-f]{40,}/i.test(text),
    kind: {
      what: "a Convex admin key",
      instead:
        "CONVEX_SELF_HOSTED_ADMIN_KEY in your shell or CI secrets; the stack's admin_key_command output prints a fresh one",
    },
  },
  {
    test: (text) => /(^|[^0-9a-f])[0-9a-f]{64}([^0-9a-f]|$)/i.test(text),
    kind: {
      what: "64 hex characters, the shape of an INSTANCE_SECRET",
      instead: `${secretEnvName("instance_secret")} with convex.instanceSecret: "terraformVariable" (or "generated", the default, which keeps it inside the volume)`,
    },
  },
  {
    test: (text) => secretAccessKeyIn(text),
    kind: { what: "40 characters shaped like an AWS secret access key", instead: S3_PAIR },
  },
];

/**
 * A secret access key is 40 characters of the base64 alphabet, '/' included, so in a URL path, a folder
 * prefix or an ssh host its edges may be '/' as well as any other character. Every stretch of whole
 * '/'-separated pieces of a run of those characters that is exactly 40 long is a candidate (found in one
 * pass per run); it counts when it mixes upper case, lower case and digits and is not made of words
 * ("Projects/Convex2024/Backups/DailyExports" is a path, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" is not).
 */
function secretAccessKeyIn(text: string): boolean {
  for (const run of text.match(/[A-Za-z0-9+/]{40,}/g) ?? []) {
    const pieces = run.split("/");
    // Two pointers over the pieces: [first, last] joined with '/' is `length` characters long.
    let first = 0;
    let length = -1;
    for (let last = 0; last < pieces.length; last++) {
      length += pieces[last].length + 1;
      while (length > 40 && first < last) length -= pieces[first++].length + 1;
      if (length === 40 && looksRandom(pieces.slice(first, last + 1))) return true;
    }
  }
  return false;
}

/** Capitalised or lower-case words, all-caps words, numbers. */
const WORDS = /^(?:[A-Z]?[a-z]{2,}|[A-Z]{2,}|[0-9]+)*$/;

function looksRandom(pieces: readonly string[]): boolean {
  const joined = pieces.join("/");
  return (
    /[A-Z]/.test(joined) && /[a-z]/.test(joined) && /[0-9]/.test(joined) && !pieces.every((piece) => WORDS.test(piece))
  );
}

/** The kind of secret `text` looks like, or undefined. Never returns or logs the text itself. */
export function secretKindOf(text: string): SecretKind | undefined {
  return PATTERNS.find((pattern) => pattern.test(text))?.kind;
}

export function looksSecret(text: string): boolean {
  return secretKindOf(text) !== undefined;
}

/** Words to print instead of a value that must not be echoed. */
export const REDACTED = "a secret-looking value (not shown)";
