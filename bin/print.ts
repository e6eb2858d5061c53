import { printable } from "../constructs/domain";

/*
 * The one way a command of this project writes to the terminal: every message, however it was built, goes
 * through printable() on its way out, so no escape sequence from a state, an engine, a bucket or a snapshot
 * reaches the terminal and no secret-shaped value is echoed, whatever a message forgot to neutralise
 * (docs/refused-input.md). Values quoted inside a message are neutralised where it is built as well, so a
 * line break in one cannot start a line of its own. __tests__/print-boundary.test.ts keeps every other
 * write to stdout or stderr out of the app.
 */

/** Writes a message of one or more lines, and a line break, to stdout. */
export function print(message: string): void {
  process.stdout.write(`${printable(message, { keepLineBreaks: true })}\n`);
}

/** Writes a message of one or more lines, and a line break, to stderr. */
export function printError(message: string): void {
  process.stderr.write(`${printable(message, { keepLineBreaks: true })}\n`);
}
