import { createHash, randomBytes } from "node:crypto";
import { connect } from "node:tls";

/*
 * One WebSocket exchange (RFC 6455) over TLS, by hand: Node 20 has no WebSocket client, and curl waits on an
 * open 101 connection until its time-out. HTTP/1.1 is forced (ALPN): over HTTP/2 the Upgrade header is dropped.
 */

export interface WebSocketExchange {
  /** The upgrade's status line, e.g. "HTTP/1.1 101 Switching Protocols". */
  readonly status: string;
  /** Its response headers, names lowercased. */
  readonly headers: Readonly<Record<string, string>>;
  /** Whether Sec-WebSocket-Accept answers the key sent (RFC 6455 section 4.2.2). */
  readonly accepted: boolean;
  /** The first text message that came back after `message` was sent; undefined without an upgrade. */
  readonly reply?: string;
}

export interface WebSocketTarget {
  /** Where to connect (the door's address), and the host name for SNI and the Host header. */
  readonly address: string;
  readonly port: number;
  readonly host: string;
  /** PEM roots the server's certificate must chain to. */
  readonly ca: string;
  readonly path: string;
  readonly message: string;
  /** @default 10000 */
  readonly timeoutMs?: number;
}

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

export function webSocketExchange(target: WebSocketTarget): Promise<WebSocketExchange> {
  const key = randomBytes(16).toString("base64");
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: target.address,
      port: target.port,
      servername: target.host,
      ca: target.ca,
      ALPNProtocols: ["http/1.1"],
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no WebSocket answer from ${target.host}${target.path} within ${target.timeoutMs ?? 10000} ms`));
    }, target.timeoutMs ?? 10000);
    let buffer = Buffer.alloc(0);
    let upgrade: Omit<WebSocketExchange, "reply"> | undefined;
    const finish = (result: WebSocketExchange) => {
      clearTimeout(timer);
      socket.end(closeFrame());
      socket.destroy();
      resolve(result);
    };
    socket.once("secureConnect", () => {
      socket.write(
        [
          `GET ${target.path} HTTP/1.1`,
          `Host: ${target.host}:${target.port}`,
          "Upgrade: websocket",
          "Connection: Upgrade",
          `Sec-WebSocket-Key: ${key}`,
          "Sec-WebSocket-Version: 13",
          "",
          "",
        ].join("\r\n"),
      );
    });
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgrade) {
        const end = buffer.indexOf("\r\n\r\n");
        if (end === -1) return;
        const [status, ...lines] = buffer.subarray(0, end).toString("latin1").split("\r\n");
        const headers = Object.fromEntries(
          lines.map((line) => [
            line.slice(0, line.indexOf(":")).trim().toLowerCase(),
            line.slice(line.indexOf(":") + 1).trim(),
          ]),
        );
        const expected = createHash("sha1")
          .update(key + GUID)
          .digest("base64");
        upgrade = { status, headers, accepted: headers["sec-websocket-accept"] === expected };
        buffer = buffer.subarray(end + 4);
        if (!/^HTTP\/1\.1 101 /.test(status)) return finish(upgrade);
        socket.write(textFrame(target.message));
      }
      const frame = readFrame(buffer);
      if (frame?.opcode === 0x1) finish({ ...upgrade, reply: frame.payload.toString("utf8") });
    });
    socket.once("error", (error: Error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** A client's text frame: FIN, opcode 1, masked (clients must mask). */
function textFrame(text: string): Buffer {
  const payload = Buffer.from(text, "utf8");
  if (payload.length > 125) throw new Error("the test's messages stay under 126 bytes");
  const mask = randomBytes(4);
  return Buffer.concat([
    Buffer.from([0x81, 0x80 | payload.length]),
    mask,
    Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4])),
  ]);
}

function closeFrame(): Buffer {
  return Buffer.concat([Buffer.from([0x88, 0x80]), randomBytes(4)]);
}

/** A server's (unmasked) frame at the start of `buffer`, once all of it has arrived. */
function readFrame(buffer: Buffer): { opcode: number; payload: Buffer } | undefined {
  if (buffer.length < 2) return undefined;
  let length = buffer[1] & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return undefined;
    length = buffer.readUInt16BE(2);
    offset = 4;
  }
  if (buffer.length < offset + length) return undefined;
  return { opcode: buffer[0] & 0x0f, payload: buffer.subarray(offset, offset + length) };
}
