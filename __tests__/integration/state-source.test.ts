import { readFileSync, writeFileSync } from "node:fs";
import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from "node:http";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { checkExistingVolumes } from "../../guards/existing-volumes";
import { localStatePath } from "../../guards/state-file";
import { freePort } from "../helpers/doctor";
import { createBucket, deleteBucket, rgw, rgwAwsEnv, rgwClient, uniqueName } from "../helpers/rgw";
import { workspace } from "../helpers/workspaces";
import { tempDir } from "../helpers/temp";

/*
 * The guard's state layer against the real RGW: a remote state is read exactly as a local state file is,
 * one GetObject per workspace, all at once, and a remote state it cannot read is said, never taken as fine.
 */

const FIXTURE = readFileSync(join(__dirname, "..", "fixtures", "terraform.app.tfstate"), "utf8");
const S3_STORAGE = { kind: "AwsS3" as const, region: "eu-central-1", bucketPrefix: "acme-app" };
const client = rgwClient();
const bucket = uniqueName("i12-source");

const remote = (endpoint = rgw().endpoint, name = bucket) => ({
  backend: "s3" as const,
  bucket: name,
  region: "us-east-1",
  endpoint,
});
const emptyProject = () => join(tempDir("i12-source-"), "cdktf.out");
const check = (ws: ReturnType<typeof workspace>[], env: NodeJS.ProcessEnv = rgwAwsEnv(), outdir = emptyProject()) =>
  checkExistingVolumes(ws, { outdir, offline: true, env, stateTimeoutMs: 3000 });
/** Without the note every offline check adds. */
const notesOf = (report: { notes: string[] }) => report.notes.filter((note) => !note.startsWith("offline"));

async function put(key: string, body: string): Promise<void> {
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

beforeAll(async () => {
  await createBucket(client, bucket);
  await put("convex-stack/app.tfstate", FIXTURE);
});

afterAll(async () => {
  await deleteBucket(client, bucket);
  client.destroy();
});

describe("a remote state", () => {
  it("gives the verdict and explanation of the same state as a local file, citing where it was read", async () => {
    const local = emptyProject();
    writeFileSync(localStatePath("app", local), FIXTURE);
    const fromFile = await check([workspace({ name: "app", storage: S3_STORAGE })], {}, local);
    const fromBucket = await check([workspace({ name: "app", storage: S3_STORAGE, state: remote() })]);
    expect(fromBucket.findings).toHaveLength(1);
    const cited = (text: string, where: string) => text.split(where).join("<state>");
    expect(
      cited(
        fromBucket.findings[0].info,
        `the remote state s3://${bucket}/convex-stack/app.tfstate at ${rgw().endpoint}`,
      ),
    ).toBe(cited(fromFile.findings[0].info, `the state file ${localStatePath("app", local)}`));
    expect(fromBucket.findings[0].fix).toBe(fromFile.findings[0].fix);
    expect(fromBucket.findings[0].path).toBe(fromFile.findings[0].path);
    expect(notesOf(fromBucket)).toEqual([]);
  });

  it("accepts a workspace whose object does not exist yet (never deployed), saying nothing", async () => {
    const report = await check([workspace({ name: "fresh", storage: S3_STORAGE, state: remote() })]);
    expect(report.findings).toEqual([]);
    expect(notesOf(report)).toEqual([]);
  });

  it.each<[string, () => Promise<{ state: object; env?: NodeJS.ProcessEnv }>, RegExp]>([
    [
      "credentials the store refuses",
      () => Promise.resolve({ state: remote(), env: { ...rgwAwsEnv(), AWS_SECRET_ACCESS_KEY: "not-the-secret" } }),
      /refused the AWS credentials of this environment \(SignatureDoesNotMatch\)/,
    ],
    [
      "an unknown access key",
      () => Promise.resolve({ state: remote(), env: { AWS_ACCESS_KEY_ID: "NOSUCHKEY", AWS_SECRET_ACCESS_KEY: "x" } }),
      /refused the AWS credentials of this environment \(InvalidAccessKeyId\)/,
    ],
    [
      "a bucket that does not exist",
      () => Promise.resolve({ state: remote(rgw().endpoint, uniqueName("i12-missing")) }),
      /the bucket i12-missing-\w+ does not exist on .*npm run state-bucket/,
    ],
    [
      "a gateway that does not answer",
      async () => ({ state: remote(`http://127.0.0.1:${await freePort()}`) }),
      /no answer from http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/,
    ],
  ])("says UNKNOWN, not fine, for %s, and does not refuse", async (_title, setup, reason) => {
    const { state, env } = await setup();
    const report = await check([workspace({ name: "app", storage: S3_STORAGE, state } as never)], env);
    expect(report.findings).toEqual([]);
    expect(notesOf(report)).toEqual([
      expect.stringMatching(
        /^app\.json: the remote state s3:\/\/\S+\/convex-stack\/app\.tfstate at http:\/\/[\d.]+:\d+ could not be read \(/,
      ),
    ]);
    expect(notesOf(report)[0]).toMatch(reason);
    expect(notesOf(report)[0]).toContain(
      "the volume it records was not compared: whether this file changes what the volume was created with is UNKNOWN, not fine",
    );
    expect(notesOf(report)[0]).not.toContain("not-the-secret");
  });

  it("says why an object that is not a state cannot be read", async () => {
    await put("convex-stack/garbled.tfstate", "<html>proxy error</html>");
    const report = await check([workspace({ name: "garbled", state: remote() })]);
    expect(notesOf(report)).toEqual([
      expect.stringContaining(`garbled.tfstate at ${rgw().endpoint} could not be read (it is not valid JSON)`),
    ]);
  });

  it("is read from the local state file, with a note, while the move to the bucket has not been made", async () => {
    const local = emptyProject();
    writeFileSync(
      localStatePath("moving", local),
      FIXTURE.replace(/convex-app-data/g, "convex-moving-data").replace(/"workspace": "app"/g, '"workspace": "moving"'),
    );
    const report = await check(
      [workspace({ name: "moving", storage: S3_STORAGE, state: remote() })],
      rgwAwsEnv(),
      local,
    );
    expect(report.findings.map((p) => p.path)).toEqual(["storage.kind"]);
    expect(report.findings[0].info).toContain(`(Seen in the state file ${localStatePath("moving", local)}.)`);
    expect(notesOf(report)).toEqual([
      `moving.json: state.backend is "s3", but the remote state s3://${bucket}/convex-stack/moving.tfstate at ${rgw().endpoint} does not exist yet while the state file ${localStatePath("moving", local)} does: ` +
        "it was compared instead. Move it to the bucket before deploying (npx cdktf deploy moving --migrate-state; see docs/state.md), or Terraform starts from an empty state",
    ]);
  });
});

describe("the remote states of many workspaces", () => {
  let proxy: Server;
  let endpoint: string;
  const gets: string[] = [];
  const WORKSPACES = 4;

  /*
   * A pass-through to the real RGW that holds every request until all four workspaces' reads have
   * arrived: reads made one after another would wait forever (until their timeout), so every read
   * answering proves they were all in flight at once.
   */
  beforeAll(async () => {
    const held: (() => void)[] = [];
    proxy = createServer((incoming: IncomingMessage, answer: ServerResponse) => {
      gets.push(`${incoming.method} ${incoming.url}`);
      held.push(() => {
        const target = new URL(rgw().endpoint);
        const forward = request(
          {
            host: target.hostname,
            port: target.port,
            method: incoming.method,
            path: incoming.url,
            headers: incoming.headers,
          },
          (reply) => {
            answer.writeHead(reply.statusCode ?? 502, reply.headers);
            reply.pipe(answer);
          },
        );
        incoming.pipe(forward);
      });
      if (held.length === WORKSPACES) for (const release of held) release();
    });
    const port = await freePort();
    await new Promise<void>((resolve) => proxy.listen(port, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${port}`;
    for (let i = 0; i < WORKSPACES; i++)
      await put(
        `convex-stack/team-${i}.tfstate`,
        FIXTURE.replace(/convex-app-data/g, `convex-team-${i}-data`).replace(
          /"workspace": "app"/g,
          `"workspace": "team-${i}"`,
        ),
      );
  });

  afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

  it("are read with one request each, all at once", async () => {
    const workspaces = Array.from({ length: WORKSPACES }, (_, i) =>
      workspace({
        name: `team-${i}`,
        storage: S3_STORAGE,
        state: remote(endpoint),
        network: { ports: { backend: 4000 + i * 3, site: 4001 + i * 3, dashboard: 4002 + i * 3 } },
      }),
    );
    const report = await check(workspaces);
    expect(notesOf(report)).toEqual([]);
    // Every workspace's recorded LocalStorage volume was read and compared.
    expect(report.findings.map((p) => p.file)).toEqual(workspaces.map((ws) => ws.file));
    expect(gets.sort()).toEqual(
      workspaces.map((ws) => `GET /${bucket}/convex-stack/${ws.name}.tfstate?x-id=GetObject`).sort(),
    );
  });
});
