/*
 * A strict JSON reader for workspace files. JSON.parse cannot be told to refuse what a workspace file must
 * not hold: it keeps the last of two equal keys in one object (a whole storage block can vanish without a
 * word), it recurses as deep as the text nests, and its syntax errors quote a snippet of the text (which
 * could be a secret). This reader takes RFC 8259 JSON, reports every duplicate key with both lines,
 * refuses nesting deeper than MAX_JSON_DEPTH, and gives positions as line and column only.
 */

/** Nesting a workspace file may have; the schema itself nests four levels. */
const MAX_JSON_DEPTH = 32;

/** Where something is in the text: 1-based line and column (in UTF-16 code units, as editors count). */
interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** A key given twice in one object: where the object is, the key, and both places. */
export interface DuplicateKey {
  /** The path of the object holding the key (keys and array indexes from the root). */
  readonly objectPath: readonly (string | number)[];
  readonly key: string;
  readonly first: TextPosition;
  readonly second: TextPosition;
}

export type JsonReading =
  | { readonly ok: true; readonly value: unknown; readonly duplicates: readonly DuplicateKey[] }
  | { readonly ok: false; readonly reason: string; readonly position: TextPosition };

/** A UTF-8 byte-order mark as the decoder leaves it: one U+FEFF before the text. */
const BYTE_ORDER_MARK = "\ufeff";

class SyntaxProblem extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(reason);
  }
}

/** Parses `text` as one JSON value (a leading byte-order mark is read as such and skipped). */
export function readJson(text: string): JsonReading {
  const start = text.startsWith(BYTE_ORDER_MARK) ? 1 : 0;
  const reader = new Reader(text, start);
  try {
    reader.skipWhitespace();
    const value = reader.value([], 0);
    reader.skipWhitespace();
    if (reader.offset < text.length)
      throw new SyntaxProblem(`${reader.describeHere()} after the end of the JSON value`, reader.offset);
    return { ok: true, value, duplicates: reader.duplicates };
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) throw error;
    return { ok: false, reason: error.reason, position: positionOf(text, error.offset) };
  }
}

/** Line and column of an offset. */
function positionOf(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

class Reader {
  readonly duplicates: DuplicateKey[] = [];

  constructor(
    private readonly text: string,
    public offset: number,
  ) {}

  skipWhitespace(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.offset);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.offset++;
      else return;
    }
  }

  /** What stands at the current offset, for a message: one character, never a run of the text. */
  describeHere(): string {
    if (this.offset >= this.text.length) return "the end of the file";
    const code = this.text.codePointAt(this.offset)!;
    if (code === 0xfeff) return "a byte-order mark (U+FEFF)";
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `the control character U+${hex(code)}`;
    return `'${String.fromCodePoint(code)}'`;
  }

  private unexpected(expected: string): SyntaxProblem {
    return new SyntaxProblem(`unexpected ${this.describeHere()}, expected ${expected}`, this.offset);
  }

  value(path: (string | number)[], depth: number): unknown {
    const c = this.text[this.offset];
    if (c === "{" || c === "[") {
      if (depth >= MAX_JSON_DEPTH) {
        throw new SyntaxProblem(
          `objects and arrays nest deeper than ${MAX_JSON_DEPTH} levels (a workspace file needs 5)`,
          this.offset,
        );
      }
      return c === "{" ? this.object(path, depth + 1) : this.array(path, depth + 1);
    }
    if (c === '"') return this.string();
    if (c === "-" || (c >= "0" && c <= "9")) return this.number();
    for (const [word, value] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (this.text.startsWith(word, this.offset)) {
        this.offset += word.length;
        return value;
      }
    }
    throw this.unexpected("a value");
  }

  private object(path: (string | number)[], depth: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const seen = new Map<string, number>();
    this.offset++; // {
    this.skipWhitespace();
    if (this.text[this.offset] === "}") {
      this.offset++;
      return result;
    }
    for (;;) {
      if (this.text[this.offset] !== '"') throw this.unexpected("a key in double quotes");
      const keyOffset = this.offset;
      const key = this.string();
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        this.duplicates.push({
          objectPath: [...path],
          key,
          first: positionOf(this.text, earlier),
          second: positionOf(this.text, keyOffset),
        });
      }
      seen.set(key, keyOffset);
      this.skipWhitespace();
      if (this.text[this.offset] !== ":") throw this.unexpected("':' after a key");
      this.offset++;
      this.skipWhitespace();
      path.push(key);
      const value = this.value(path, depth);
      path.pop();
      // An own property even for "__proto__", as JSON.parse makes it: never the prototype.
      Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      this.skipWhitespace();
      const next = this.text[this.offset];
      this.offset++;
      if (next === "}") return result;
      if (next !== ",") {
        this.offset--;
        throw this.unexpected("',' or '}' after a value");
      }
      this.skipWhitespace();
    }
  }

  private array(path: (string | number)[], depth: number): unknown[] {
    const result: unknown[] = [];
    this.offset++; // [
    this.skipWhitespace();
    if (this.text[this.offset] === "]") {
      this.offset++;
      return result;
    }
    for (;;) {
      path.push(result.length);
      result.push(this.value(path, depth));
      path.pop();
      this.skipWhitespace();
      const next = this.text[this.offset];
      this.offset++;
      if (next === "]") return result;
      if (next !== ",") {
        this.offset--;
        throw this.unexpected("',' or ']' after a value");
      }
      this.skipWhitespace();
    }
  }

  private string(): string {
    let result = "";
    let runStart = ++this.offset; // opening quote
    for (;;) {
      const code = this.text.charCodeAt(this.offset);
      if (Number.isNaN(code))
        throw new SyntaxProblem("the file ends inside a string (a closing double quote is missing)", this.offset);
      if (code === 0x22) {
        result += this.text.slice(runStart, this.offset++);
        return result;
      }
      if (code < 0x20)
        throw new SyntaxProblem(
          `the control character U+${hex(code)} inside a string; write it as an escape such as \\n, or remove it`,
          this.offset,
        );
      if (code !== 0x5c) {
        this.offset++;
        continue;
      }
      result += this.text.slice(runStart, this.offset);
      const escape = this.text[this.offset + 1];
      if (escape === "u") {
        const digits = this.text.slice(this.offset + 2, this.offset + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(digits))
          throw new SyntaxProblem("a \\u escape without four hex digits", this.offset);
        result += String.fromCharCode(parseInt(digits, 16));
        this.offset += 6;
      } else if (escape !== undefined && ESCAPES[escape] !== undefined) {
        result += ESCAPES[escape];
        this.offset += 2;
      } else {
        throw new SyntaxProblem(
          'a backslash that starts no JSON escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)',
          this.offset,
        );
      }
      runStart = this.offset;
    }
  }

  private number(): number {
    NUMBER.lastIndex = this.offset;
    const match = NUMBER.exec(this.text);
    if (!match) throw this.unexpected("a number");
    this.offset += match[0].length;
    // A number beyond a double's range reads as ±Infinity, as JSON.parse reads it; the schema refuses it.
    return Number(match[0]);
  }
}

function hex(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, "0");
}
