import { createHash } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { printable, SNAPSHOT_LAYOUT, snapshotTime } from "../constructs/domain";
import type { SnapshotSource } from "../vocabulary/storage-kind";

/** One snapshot in the bucket. */
export interface Snapshot {
  readonly id: string;
  readonly time: Date;
  /** Its checksum file is there (uploaded last): the database copy is complete. */
  readonly complete: boolean;
  /** Bytes of the database copy, when it is there. */
  readonly databaseBytes?: number;
}

/** The last good `npm run verify-backup`, as recorded next to the snapshots (SNAPSHOT_LAYOUT.verification). */
export interface Verification {
  /** The snapshot that was restored. */
  readonly snapshot: string;
  /** When the backend served on it. */
  readonly verifiedAt: Date;
  /** The backend revision that served on it. */
  readonly revision: string;
}

/** What a record in the bucket holds; "unreadable" when it is there but is not what this project writes. */
export type Recorded<T> =
  | { readonly kind: "present"; readonly value: T }
  | { readonly kind: "absent" }
  | { readonly kind: "unreadable"; readonly why: string };

/** Larger than any record this project writes: a bigger object is not one of them. */
const MAX_RECORD_BYTES = 4096;

/** An object of the copied storage folder. */
export interface StoredFile {
  readonly key: string;
  /** Its path inside the storage folder. */
  readonly path: string;
  readonly bytes: number;
}

/**
 * Where a storage kind keeps snapshots and the copied files (its `snapshots`: LocalPlusSync's sync target),
 * read with the keys the deploy hands the sidecar: where `npm run restore` finds them.
 */
export class SnapshotStore {
  private readonly client: S3Client;
  readonly bucket: string;
  /** The folder the sidecar copies the storage folder into (the target's prefix). */
  readonly prefix: string;
  /** A gateway (path-style) takes no SSE header; AWS S3 gets AES256, as the sync sidecar's uploads do. */
  private readonly encryption: { ServerSideEncryption?: "AES256" };

  constructor(source: SnapshotSource, credentials: { readonly accessKeyId: string; readonly secretAccessKey: string }) {
    this.bucket = source.bucket;
    this.encryption = source.pathStyle ? {} : { ServerSideEncryption: "AES256" };
    this.prefix = source.prefix;
    this.client = new S3Client({
      endpoint: source.endpoint,
      region: source.region,
      forcePathStyle: source.pathStyle,
      credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
      // Gateways such as RGW refuse aws-chunked uploads and send no checksums to validate.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  /** Where a snapshot's objects are. */
  snapshotKey(id: string, file: string): string {
    return `${this.prefix}/${SNAPSHOT_LAYOUT.folder}/${id}/${file}`;
  }

  /** Every snapshot in the bucket, newest first. */
  async listSnapshots(): Promise<Snapshot[]> {
    const found = new Map<string, { complete: boolean; databaseBytes?: number }>();
    for (const object of await this.list(`${this.prefix}/${SNAPSHOT_LAYOUT.folder}/`)) {
      const [id, file] = object.key.slice(`${this.prefix}/${SNAPSHOT_LAYOUT.folder}/`.length).split("/");
      if (!SNAPSHOT_LAYOUT.idPattern.test(id)) continue;
      const entry = found.get(id) ?? { complete: false };
      if (file === SNAPSHOT_LAYOUT.checksums) entry.complete = true;
      if (file === SNAPSHOT_LAYOUT.database) entry.databaseBytes = object.bytes;
      found.set(id, entry);
    }
    return [...found]
      .map(([id, entry]) => ({
        id,
        time: snapshotTime(id),
        complete: entry.complete && entry.databaseBytes !== undefined,
        databaseBytes: entry.databaseBytes,
      }))
      .sort((a, b) => (a.id < b.id ? 1 : -1));
  }

  /** The copied storage folder: every object under the prefix but the snapshots. */
  async listFiles(): Promise<StoredFile[]> {
    const root = `${this.prefix}/`;
    return (
      (await this.list(root))
        // Folder markers some tools write are no files.
        .filter((object) => !object.key.startsWith(`${root}${SNAPSHOT_LAYOUT.folder}/`) && !object.key.endsWith("/"))
        .map((object) => ({
          key: object.key,
          path: safeRelativePath(object.key.slice(root.length)),
          bytes: object.bytes,
        }))
    );
  }

  /** Where a record next to the snapshots is (SNAPSHOT_LAYOUT.filesCopied, .verification). */
  recordKey(record: string): string {
    return `${this.prefix}/${SNAPSHOT_LAYOUT.folder}/${record}`;
  }

  /** When the last completed copy of the storage folder started (the sync sidecar's record). */
  async filesCopied(): Promise<Recorded<Date>> {
    return this.record(SNAPSHOT_LAYOUT.filesCopied, (text) => {
      const seconds = /^(\d{1,12})\s*$/.exec(text)?.[1];
      return seconds === undefined ? undefined : new Date(Number(seconds) * 1000);
    });
  }

  /** The last good verification. */
  async verification(): Promise<Recorded<Verification>> {
    return this.record(SNAPSHOT_LAYOUT.verification, (text) => {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      const { snapshot, verifiedAt, revision } = parsed ?? {};
      if (typeof snapshot !== "string" || !SNAPSHOT_LAYOUT.idPattern.test(snapshot)) return undefined;
      if (typeof verifiedAt !== "string" || Number.isNaN(Date.parse(verifiedAt))) return undefined;
      if (typeof revision !== "string" || !/^[0-9a-zA-Z._-]{0,128}$/.test(revision)) return undefined;
      return { snapshot, verifiedAt: new Date(verifiedAt), revision };
    });
  }

  /** Records a good verification, replacing the last one. */
  async recordVerification(verification: Verification): Promise<void> {
    await this.putText(
      this.recordKey(SNAPSHOT_LAYOUT.verification),
      `${JSON.stringify({ ...verification, verifiedAt: verification.verifiedAt.toISOString() })}\n`,
    );
  }

  /** Writes a small object (a record). */
  async putText(key: string, text: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: text, ...this.encryption }));
  }

  /** Copies a snapshot's objects under another id (the drill's stale-snapshot case). */
  async copySnapshot(from: string, to: string): Promise<void> {
    const folder = `${this.prefix}/${SNAPSHOT_LAYOUT.folder}/`;
    for (const object of await this.list(`${folder}${from}/`))
      await this.client.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          CopySource: encodeURIComponent(`${this.bucket}/${object.key}`).replace(/%2F/g, "/"),
          Key: `${folder}${to}/${object.key.slice(`${folder}${from}/`.length)}`,
          ...this.encryption,
        }),
      );
  }

  /** Deletes snapshots' objects. */
  async deleteSnapshots(ids: readonly string[]): Promise<void> {
    const folder = `${this.prefix}/${SNAPSHOT_LAYOUT.folder}/`;
    for (const id of ids) {
      const keys = (await this.list(`${folder}${id}/`)).map((o) => ({ Key: o.key }));
      if (keys.length > 0)
        await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys } }));
    }
  }

  private async record<T>(name: string, parse: (text: string) => T | undefined): Promise<Recorded<T>> {
    let text: string;
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.recordKey(name) }));
      if ((answer.ContentLength ?? 0) > MAX_RECORD_BYTES)
        return { kind: "unreadable", why: `larger than ${MAX_RECORD_BYTES} bytes` };
      text = await answer.Body!.transformToString();
    } catch (error) {
      if ((error as { name?: string }).name === "NoSuchKey") return { kind: "absent" };
      throw error;
    }
    let value: T | undefined;
    try {
      value = parse(text);
    } catch {
      value = undefined;
    }
    return value === undefined
      ? { kind: "unreadable", why: "not what this project writes there" }
      : { kind: "present", value };
  }

  /** A small object's text (a checksum file, a revision). */
  async text(key: string): Promise<string> {
    const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const body = answer.Body as Readable;
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      length += chunk.length;
      if (length > MAX_SMALL_OBJECT_BYTES) {
        body.destroy();
        throw new Error(
          `${key} holds more than ${MAX_SMALL_OBJECT_BYTES} bytes, the most a snapshot's ${SNAPSHOT_LAYOUT.revision} or ${SNAPSHOT_LAYOUT.checksums} is read to (the sidecar writes a line)`,
        );
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, length).toString("utf8");
  }

  /** Downloads an object to a file; returns its SHA-256 (hex). */
  async download(key: string, file: string): Promise<string> {
    mkdirSync(dirname(file), { recursive: true });
    const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const hash = createHash("sha256");
    const body = answer.Body as Readable;
    body.on("data", (chunk: Buffer) => hash.update(chunk));
    await pipeline(body, createWriteStream(file));
    return hash.digest("hex");
  }

  destroy(): void {
    this.client.destroy();
  }

  private async list(prefix: string): Promise<{ key: string; bytes: number }[]> {
    const objects: { key: string; bytes: number }[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) objects.push({ key: o.Key!, bytes: o.Size ?? 0 });
      token = page.NextContinuationToken;
    } while (token);
    return objects;
  }
}

/** A snapshot's revision and checksum files are a line each; 64 KiB is far more than either needs. */
const MAX_SMALL_OBJECT_BYTES = 64 * 1024;

/** A key's path below the prefix, refused if it could leave the folder it is restored into. */
function safeRelativePath(path: string): string {
  const parts = path.split("/");
  if (parts.some((part) => part === "" || part === "." || part === ".."))
    throw new Error(`the bucket holds an object named "${printable(path)}", which cannot be restored as a file path`);
  return join(...parts);
}
