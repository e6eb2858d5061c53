import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { BACKEND_IMAGE, DEFAULTS, SNAPSHOT_LAYOUT } from "../../constructs/domain";
import { ensureImages } from "../../drill/images";
import { docker } from "../helpers/docker";
import { createBucket, deleteBucket, objectText, rgw, rgwClient, uniqueName } from "../helpers/rgw";
import { runTs } from "../helpers/run";
import { tempDir } from "../helpers/temp";

/*
 * `npm run verify-backup` against the real RGW and engine: snapshots seeded in a bucket as the sidecars lay them
 * out (SNAPSHOT_LAYOUT), the pinned backend image (the drill's stand-in, which serves /version and opens the
 * restored database) started on a throw-away volume. A good snapshot passes and is recorded where `npm run
 * status` reads it; a damaged one fails, and nothing it made is left.
 */

jest.setTimeout(600_000);

const client = rgwClient();
const bucket = uniqueName("i22-verify");
const name = uniqueName("verify");
const prefix = `${name}/storage`;
const work = tempDir("verify-backup-");
const file = join(work, `${name}.json`);
const env = { TF_VAR_sync_access_key_id: rgw().accessKeyId, TF_VAR_sync_secret_access_key: rgw().secretAccessKey };
const STORED_FILE = "files/ab/ab0123";

beforeAll(async () => {
  await ensureImages([`${BACKEND_IMAGE}:${DEFAULTS.version}`]);
  await createBucket(client, bucket);
  writeFileSync(
    file,
    JSON.stringify({
      name,
      storage: { kind: "LocalPlusSync", target: { kind: "CephViaGateway", endpoint: rgw().endpoint, bucket, prefix } },
    }),
  );
  await put(`${prefix}/${STORED_FILE}`, randomBytes(4096));
}, 1_800_000);

afterAll(async () => {
  await deleteBucket(client, bucket).catch(() => undefined);
  client.destroy();
});

async function put(key: string, body: Buffer | string): Promise<void> {
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** A database with rows, as the host's sqlite3 writes it. */
function database(): Buffer {
  const path = join(work, `${randomBytes(4).toString("hex")}.sqlite3`);
  execFileSync("sqlite3", [
    path,
    "CREATE TABLE documents (id TEXT PRIMARY KEY, value TEXT); INSERT INTO documents VALUES ('a', 'b');",
  ]);
  return readFileSync(path);
}

/** Uploads a snapshot as the sync sidecar does; `checksummed` is the database SHA256SUMS describes. */
async function seedSnapshot(id: string, db: Buffer, checksummed: Buffer = db): Promise<void> {
  const folder = `${prefix}/${SNAPSHOT_LAYOUT.folder}/${id}`;
  const manifest = `${STORED_FILE}\n`;
  await put(`${folder}/${SNAPSHOT_LAYOUT.database}`, db);
  await put(`${folder}/${SNAPSHOT_LAYOUT.manifest}`, manifest);
  await put(`${folder}/${SNAPSHOT_LAYOUT.revision}`, `${DEFAULTS.version}\n`);
  await put(
    `${folder}/${SNAPSHOT_LAYOUT.checksums}`,
    `${sha256(checksummed)}  ${SNAPSHOT_LAYOUT.database}\n${sha256(Buffer.from(manifest))}  ${SNAPSHOT_LAYOUT.manifest}\n`,
  );
}

const verify = () => runTs("bin/verify-backup.ts", [file], env, undefined, 300_000);
const verification = () =>
  objectText(client, bucket, `${prefix}/${SNAPSHOT_LAYOUT.folder}/${SNAPSHOT_LAYOUT.verification}`);

/** What a verification of this workspace left on the engine: nothing, ever. */
function leftOnEngine(): string[] {
  const filter = `label=convex-stack.verification-of=${name}`;
  return [
    ...docker("ps", "-a", "--filter", filter, "--format", "{{.Names}}").split("\n"),
    ...docker("volume", "ls", "--filter", filter, "--format", "{{.Name}}").split("\n"),
  ].filter(Boolean);
}

describe("npm run verify-backup", () => {
  it("passes on a good snapshot: restored, the pinned backend serves on it, recorded for status, nothing left", async () => {
    await seedSnapshot("20261201T100000Z", database());
    const result = verify();
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
    expect(result.stdout).toMatch(/Verifying snapshot 20261201T100000Z/);
    expect(result.stdout).toMatch(/restored: the database \(checked against its checksums\) and 1 file\(s\)/);
    expect(result.stdout).toContain(`served: ${BACKEND_IMAGE}:${DEFAULTS.version} answered`);
    expect(result.stdout).toMatch(/removed: container convex-verify-\S+ and volume convex-verify-/);
    const recorded = JSON.parse((await verification())!) as Record<string, string>;
    expect(recorded).toMatchObject({ snapshot: "20261201T100000Z", revision: DEFAULTS.version });
    expect(Date.now() - Date.parse(recorded.verifiedAt)).toBeLessThan(300_000);
    expect(leftOnEngine()).toEqual([]);

    // status shows it (the workspace is not deployed: its containers are missing, which is a problem of its own).
    const status = runTs("bin/status.ts", [file, "--json"], env);
    const json = JSON.parse(status.stdout) as { backups: { lastVerified: { at: string; detail: string } } };
    expect(status.status).toBe(1);
    expect(json.backups.lastVerified).toMatchObject({ at: recorded.verifiedAt, detail: "20261201T100000Z" });
    expect(runTs("bin/status.ts", [file], env).stdout).toMatch(/last verified\s+\d+ s ago \(\S+\), 20261201T100000Z/);
  });

  it("fails on a snapshot whose database does not match its checksum, and keeps the last good verification", async () => {
    const before = await verification();
    const damaged = database();
    const good = Buffer.from(damaged);
    damaged[damaged.length - 10] ^= 0xff;
    await seedSnapshot("20261202T100000Z", damaged, good);
    const result = verify();
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /verify-backup: FAILED: snapshot 20261202T100000Z's database does not match its SHA256SUMS/,
    );
    expect(await verification()).toBe(before);
    expect(leftOnEngine()).toEqual([]);
  });

  it("fails on a checksummed database no backend can open, with the backend's last log lines", async () => {
    const broken = database();
    // The header stays (an SQLite file), the schema page after it is noise.
    randomBytes(broken.length - 100).copy(broken, 100);
    await seedSnapshot("20261203T100000Z", broken);
    const result = verify();
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/restored: the database/);
    expect(result.stderr).toMatch(/FAILED: the backend stopped \(exited, exit code \d+\) instead of serving/);
    expect(result.stderr).toMatch(/its last log lines:\n {2}\| /);
    expect(result.stdout).toMatch(/removed: container .* and volume /);
    expect(leftOnEngine()).toEqual([]);
  });

  it("refuses a workspace whose storage keeps no snapshots, and says so without touching anything", () => {
    const local = join(work, "local.json");
    writeFileSync(local, JSON.stringify({ name: uniqueName("verify-local") }));
    const result = runTs("bin/verify-backup.ts", [local]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/storage\.kind is "LocalStorage": only LocalPlusSync keeps snapshots/);
  });
});
