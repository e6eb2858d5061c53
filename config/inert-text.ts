/*
 * What a string from a workspace file (or from the environment it is read in) may not hold, whatever its
 * field: every string may end up in cdk.tf.json (container environments, outputs, labels, provider
 * settings, host paths), where Terraform evaluates `${...}` and `%{...}`, and some in a shell command. The
 * file rule inert-text refuses these in every value and key before anything else reads the file, so no
 * field needs a pattern of its own for them and a field added later is covered too.
 */

/** Longer than any URL, path or name a workspace holds (URLs stay under 2,000 characters in practice). */
const MAX_TEXT_LENGTH = 2048;

/**
 * Characters that are not plain text: C0 and C1 control characters and DEL; the invisible format
 * characters that make two strings look alike or reorder what a terminal shows (zero-width, bidi
 * embeddings, overrides and isolates, word joiner, the byte-order mark); and unpaired surrogates.
 */
const NOT_PLAIN_TEXT =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this pattern finds
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `text` may not stand in a workspace file, in words that do not quote it; undefined when it is inert. */
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
