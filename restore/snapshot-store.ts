import { createHash } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { SNAPSHOT_LAYOUT, snapshotTime } from "../constructs/domain";
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

  constructor(source: SnapshotSource, credentials: { readonly accessKeyId: string; readonly secretAccessKey: string }) {
    this.bucket = source.bucket;
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

  /** A small object's text (a checksum file, a revision). */
  async text(key: string): Promise<string> {
    const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return answer.Body!.transformToString();
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

/** A key's path below the prefix, refused if it could leave the folder it is restored into. */
function safeRelativePath(path: string): string {
  const parts = path.split("/");
  if (parts.some((part) => part === "" || part === "." || part === ".."))
    throw new Error(`the bucket holds an object named "${path}", which cannot be restored as a file path`);
  return join(...parts);
}
