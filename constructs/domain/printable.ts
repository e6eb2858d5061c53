import { NOT_PLAIN_TEXT } from "./inert-text";
import { SECRET_SHAPE_WHAT, secretStretches } from "./secret-shapes";

/** How printable() treats a text. */
export interface PrintableOptions {
  /**
   * Keep line breaks (`\n`): for a whole message of several lines. A value quoted inside a message keeps the
   * default, so a line break in it is shown escaped and cannot start a line of its own.
   * @default false
   */
  readonly keepLineBreaks?: boolean;
  /**
   * The most characters shown; the rest is counted, not shown.
   * @default 200, or no limit with keepLineBreaks
   */
  readonly maxLength?: number;
}

/** A value longer than any name, revision, path or URL this project prints is cut here. */
const DEFAULT_MAX_LENGTH = 200;

/** Characters printable() writes as escapes: NOT_PLAIN_TEXT, every match of it. */
const ESCAPED = new RegExp(NOT_PLAIN_TEXT.source, "g");

/**
 * `text` as a message may show it, whoever wrote it: a Terraform state, a Docker engine's labels or
 * environment, a bucket's keys, a snapshot's metadata, a construct's props.
 *
 * - Secret-shaped stretches (AWS keys, a URL's password, a 64-hex instance secret, an admin key, a PEM
 *   block) are masked, naming what they look like; a Docker digest (`sha256:` and 64 hex) is not a secret.
 * - Control, escape and invisible characters (terminal escape sequences, bidi overrides, zero-width
 *   characters, unpaired surrogates) are written as `\uXXXX`, which also keeps JSON text valid JSON. A line
 *   break is one of them unless `keepLineBreaks` is set.
 * - At most `maxLength` characters are shown (200 by default for a value), and how many more there are.
 *
 * Linear in the length of the text.
 *
 * @example
 * ```ts
 * import { printable } from "convex-stack/domain";
 *
 * printable("convex-app-data"); // "convex-app-data"
 * printable("\u001b[2Jhello\nok app"); // "\\u001b[2Jhello\\u000aok app"
 * printable("key AKIAIOSFODNN7EXAMPLE"); // "key <an AWS access key id: not shown>"
 * ```
 */
export function printable(text: string, options: PrintableOptions = {}): string {
  const maxLength = options.maxLength ?? (options.keepLineBreaks ? Infinity : DEFAULT_MAX_LENGTH);
  const limit = Math.min(text.length, maxLength);
  const escape = (plain: string) =>
    plain.replace(ESCAPED, (character) =>
      options.keepLineBreaks && character === "\n"
        ? character
        : `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
  // Secrets are looked for a little past the cut, so one that starts before it is masked whole; one that
  // starts after it is cut away whole.
  const searched = limit === text.length ? text : text.slice(0, limit + SEARCHED_PAST_THE_CUT);
  let shown = "";
  let at = 0;
  for (const stretch of secretStretches(searched)) {
    if (stretch.start >= limit) break;
    if (
      stretch.shape === "instance-secret" &&
      searched.slice(Math.max(0, stretch.start - DIGEST.length), stretch.start) === DIGEST
    )
      continue;
    shown += `${escape(text.slice(at, stretch.start))}<${SECRET_SHAPE_WHAT[stretch.shape]}: not shown>`;
    at = stretch.end;
  }
  if (at < limit) {
    // Never inside a surrogate pair.
    const end = limit < text.length && /[\ud800-\udbff]/.test(text[limit - 1]) ? limit - 1 : limit;
    shown += escape(text.slice(at, end));
    at = end;
  }
  return at < text.length ? `${shown}... (${text.length - at} more characters not shown)` : shown;
}

/** Far enough past the cut to find whole any secret shape but a PEM block (which is masked to the end). */
const SEARCHED_PAST_THE_CUT = 1024;

/** What a Docker image ID or digest starts with: the 64 hex after it are a hash, not a secret. */
const DIGEST = "sha256:";

/**
 * A prop's value as a refusal quotes it ("got ..."): JSON, as printable() shows it. Library-internal: the
 * constructs' messages use it, so a value from anywhere cannot put an escape sequence or a secret into one.
 */
export function quoted(value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  return printable(json ?? String(value));
}
