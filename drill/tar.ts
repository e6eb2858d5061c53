/*
 * The one-file tar archives the Docker Engine API takes and gives for a container's files (PUT and GET
 * /containers/{id}/archive): ustar, as the provider's `upload` writes them with Go's archive/tar.
 */

const BLOCK = 512;

function field(header: Buffer, offset: number, length: number, value: string): void {
  header.write(value, offset, Math.min(length, Buffer.byteLength(value)), "utf8");
}

function octal(value: number, length: number): string {
  return `${value.toString(8).padStart(length - 1, "0")}\0`;
}

/** A tar archive holding one regular file at `path` (absolute paths are extracted below the target folder). */
export function tarOneFile(path: string, content: Buffer, mode: number): Buffer {
  const name = path.replace(/^\/+/, "");
  // ustar splits a long name at a slash into prefix (155 bytes) and name (100 bytes).
  let prefix = "";
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf("/", 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100)
      throw new Error(`upload path too long for tar: ${path}`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  const header = Buffer.alloc(BLOCK);
  field(header, 0, 100, base);
  field(header, 100, 8, octal(mode & 0o7777, 8));
  field(header, 108, 8, octal(0, 8));
  field(header, 116, 8, octal(0, 8));
  field(header, 124, 12, octal(content.length, 12));
  field(header, 136, 12, octal(Math.floor(Date.now() / 1000), 12));
  field(header, 148, 8, "        "); // the checksum is computed with its own field as spaces
  field(header, 156, 1, "0");
  field(header, 257, 6, "ustar\0");
  field(header, 263, 2, "00");
  field(header, 345, 155, prefix);
  let sum = 0;
  for (const byte of header) sum += byte;
  field(header, 148, 8, `${sum.toString(8).padStart(6, "0")}\0 `);
  const padding = Buffer.alloc((BLOCK - (content.length % BLOCK)) % BLOCK);
  return Buffer.concat([header, content, padding, Buffer.alloc(2 * BLOCK)]);
}

/** The first regular file of a tar archive (PAX and GNU extension headers skipped): its content and mode. */
export function firstFile(archive: Buffer): { content: Buffer; mode: number } | undefined {
  for (let at = 0; at + BLOCK <= archive.length;) {
    const header = archive.subarray(at, at + BLOCK);
    if (header.every((byte) => byte === 0)) return undefined;
    const size = parseInt(header.toString("latin1", 124, 136).replace(/\0.*$/, "").trim() || "0", 8);
    const type = String.fromCharCode(header[156]);
    const start = at + BLOCK;
    if (type === "0" || type === "\0") {
      const mode = parseInt(header.toString("latin1", 100, 108).replace(/\0.*$/, "").trim() || "0", 8);
      return { content: archive.subarray(start, start + size), mode };
    }
    at = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  return undefined;
}
