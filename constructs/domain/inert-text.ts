/*
 * What a string that ends up in cdk.tf.json may not hold: Terraform evaluates `${...}` and `%{...}` in every
 * string of a configuration, and some strings reach a shell command or a terminal. The app's file rule
 * inert-text refuses these in every value and key of a workspace file before anything else reads it; the
 * same characters are the ones printable() writes as escapes.
 */

/** Longer than any URL, path or name a workspace holds (URLs stay under 2,000 characters in practice). */
const MAX_TEXT_LENGTH = 2048;

/**
 * Characters that are not plain text: C0 and C1 control characters and DEL; the invisible format
 * characters that make two strings look alike or reorder what a terminal shows (zero-width, bidi
 * embeddings, overrides and isolates, word joiner, the byte-order mark, the line and paragraph
 * separators); and unpaired surrogates.
 */
export const NOT_PLAIN_TEXT =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this pattern finds
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why `text` may not stand where Terraform or a terminal reads it, in words that do not quote it; undefined
 * when it is inert: no Terraform template sequence, no character of NOT_PLAIN_TEXT, at most 2,048 characters.
 *
 * @example
 * ```ts
 * textHazard("https://api.example.com"); // undefined
 * textHazard("https://x/${file(\"/etc/passwd\")}"); // 'a Terraform template sequence ("${" or "%{"), ...'
 * ```
 */
export function textHazard(text: string): string | undefined {
  if (text.length > MAX_TEXT_LENGTH)
    return `${text.length} characters, more than the ${MAX_TEXT_LENGTH} any field of a workspace file needs`;
  if (text.includes("${") || text.includes("%{")) {
    return (
      'a Terraform template sequence ("${" or "%{"), which Terraform evaluates in every string of cdk.tf.json: ' +
      "its file function would read files on the deploying machine, nonsensitive() would print a secret variable into an environment or an output"
    );
  }
  const match = NOT_PLAIN_TEXT.exec(text);
  if (match)
    return `the invisible or control character U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  return undefined;
}
