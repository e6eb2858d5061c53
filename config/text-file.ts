import { type Stats, closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync } from "node:fs";

/*
 * Reading a file named by a user without trusting what it is. readFileSync on a FIFO blocks until a writer
 * comes (validate hangs forever), on /dev/zero reads until memory runs out, on a directory or a dangling
 * symbolic link throws. Here the file is opened without blocking, only a regular file of bounded size is
 * read, and its bytes must be UTF-8 text; every other outcome is a sentence saying what the path is.
 */

/** A workspace file is a few hundred bytes; a thousand times that is still nothing to read. */
export const MAX_WORKSPACE_FILE_BYTES = 1024 * 1024;

export type TextFile =
  | { readonly ok: true; readonly text: string }
  /**
   * `absent`: nothing at all is at the path (not even a dangling symbolic link). `bytes`: the file is a
   * regular file of this size, more than the bound, and was not read.
   */
  | { readonly ok: false; readonly reason: string; readonly absent?: boolean; readonly bytes?: number };

/**
 * The text of a regular file of at most `maxBytes` bytes, decoded as UTF-8 (a UTF-8 byte-order mark is
 * dropped). Never blocks on a FIFO or a device, never throws for what the path turns out to be.
 */
export function readTextFile(path: string, maxBytes: number): TextFile {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      reason: openFailure(path, error as NodeJS.ErrnoException),
      absent: code === "ENOENT" && symlinkTarget(path) === undefined,
    };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { ok: false, reason: `is ${kindOf(stats)}, not a regular file` };
    if (stats.size > maxBytes)
      return {
        ok: false,
        reason: `is ${stats.size} bytes; at most ${maxBytes} are read (a workspace file is usually under 2 KB)`,
        bytes: stats.size,
      };
    // Room for the size it has, and one byte more to notice a file still growing (a state file is read on
    // every validate: its bound must not cost its size in memory).
    const expected = stats.size;
    const buffer = Buffer.alloc(expected + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length <= expected; length += read)
      read = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > expected)
      return {
        ok: false,
        reason: `grew while it was read (it had ${expected} bytes); read it again once nothing writes to it`,
      };
    return decodeUtf8(buffer.subarray(0, length));
  } catch (error) {
    return {
      ok: false,
      reason: `could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    };
  } finally {
    closeSync(fd);
  }
}

function openFailure(path: string, error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case "ENOENT": {
      const target = symlinkTarget(path);
      return target === undefined ? "does not exist" : `is a symbolic link to ${target}, which does not exist`;
    }
    case "EISDIR":
      return "is a directory, not a regular file";
    case "ELOOP":
      return "is a symbolic link that leads back to itself";
    case "EACCES":
    case "EPERM":
      return "cannot be read: permission denied";
    default:
      return `could not be opened (${error.code ?? error.message})`;
  }
}

function symlinkTarget(path: string): string | undefined {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : undefined;
  } catch {
    return undefined;
  }
}

/** What a file system object that is not a regular file is, for messages. */
export function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  return "not a file";
}

/**
 * UTF-8 text, or what the bytes are instead. A UTF-8 byte-order mark is read (and dropped); UTF-16 and
 * UTF-32, with or without one, are named, since an editor's "save as UTF-8" is the fix.
 */
function decodeUtf8(bytes: Uint8Array): TextFile {
  const starts = (...prefix: number[]) => prefix.every((byte, i) => bytes[i] === byte);
  if (starts(0xff, 0xfe, 0, 0) || starts(0, 0, 0xfe, 0xff))
    return { ok: false, reason: "is encoded as UTF-32 (it starts with a UTF-32 byte-order mark); save it as UTF-8" };
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff))
    return { ok: false, reason: "is encoded as UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8" };
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return {
      ok: false,
      reason: `holds a NUL byte (at byte ${nul}): UTF-16 text without a byte-order mark, or not text at all; save it as UTF-8 text`,
    };
  }
  try {
    // fatal: a byte sequence that is not UTF-8 is an error, not a silent U+FFFD; ignoreBOM false drops one BOM.
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    const text = new TextDecoder("utf-8").decode(bytes);
    const bad = text.indexOf("\ufffd");
    const before = text.slice(0, bad);
    const line = before.split("\n").length;
    return {
      ok: false,
      reason: `is not UTF-8 text (the first byte sequence that is not UTF-8 is at line ${line}, column ${bad - before.lastIndexOf("\n")}; Latin-1 or Windows-1252, perhaps); save it as UTF-8`,
    };
  }
}
