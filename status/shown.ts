/*
 * A value from outside (the Docker engine's answers, a bucket's records, a container's output) as `npm run
 * status` and `npm run verify-backup` print it: control, escape and invisible characters written as \uXXXX
 * (so no terminal escape sequence and no forged line gets through), at most MAX_SHOWN characters.
 */

/** Longer than any name, revision, path or log line these commands print. */
const MAX_SHOWN = 200;

/** C0 and C1 controls, DEL, zero-width and bidi controls, the byte-order mark, unpaired surrogates. */
const NOT_PLAIN_TEXT =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this pattern finds
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const escape = (text: string) =>
  text.replace(NOT_PLAIN_TEXT, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** `value` as these commands print it inside a message: escaped, and cut. */
export function shown(value: string): string {
  if (value.length <= MAX_SHOWN) return escape(value);
  return `${escape(value.slice(0, MAX_SHOWN))}... (${value.length - MAX_SHOWN} more characters)`;
}

/** A whole message of several lines on its way out: every line escaped as a value is, none cut. */
export function shownLines(message: string): string {
  return message
    .split("\n")
    .map((line) => escape(line))
    .join("\n");
}
