import { truncateSync, writeFileSync } from "node:fs";
import { type Server, createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KNOWN_REVISIONS } from "../constructs/domain/upstream-revisions";
import { checkDeployedRevisions } from "../guards/deployed-revisions";
import { checkExistingVolumes } from "../guards/existing-volumes";
import { MAX_STATE_BYTES } from "../guards/state-document";
import { localStatePath } from "../guards/state-file";
import { freePort } from "./helpers/doctor";
import { workspace } from "./helpers/workspaces";
import { tempDir } from "./helpers/temp";

/*
 * The Terraform state door: a state, local file or remote object, is read only up to a documented bound,
 * and what it holds is processed in one pass whatever its size and however often it repeats itself. How the
 * processing time grows is measured by `npm run bench:state`, not here.
 */

const offline = (outdir: string, env: NodeJS.ProcessEnv = {}) => ({
  outdir,
  offline: true,
  env,
  stateTimeoutMs: 30_000,
});

function projectWith(name: string, state: object): string {
  const outdir = join(tempDir("hostile-state-"), "cdktf.out");
  writeFileSync(localStatePath(name, outdir), JSON.stringify(state));
  return outdir;
}

const managed = (type: string, name: string, instances: object[]) => ({ mode: "managed", type, name, instances });

describe("a state over the size limit", () => {
  it("is refused, unread, when it is a local file, naming the limit and the file's size", async () => {
    const outdir = join(tempDir("hostile-state-"), "cdktf.out");
    const path = localStatePath("app", outdir);
    writeFileSync(path, "");
    truncateSync(path, MAX_STATE_BYTES + 1); // sparse: nothing is written, and nothing may be read
    const report = await checkExistingVolumes([workspace({ name: "app" })], offline(outdir));
    expect(report.findings).toEqual([
      expect.objectContaining({ rule: "state-size-limit", level: "error", path: "state", file: "app.json" }),
    ]);
    expect(report.findings[0].info).toContain(
      `the state file ${path} is ${MAX_STATE_BYTES + 1} bytes, over the limit of 67108864 bytes (64 MiB) a state is read to`,
    );
  });

  describe("as a remote object", () => {
    let server: Server;
    let endpoint: string;
    /** Bytes the store had sent of each object when the reader hung up. */
    const sent = new Map<string, number>();

    beforeAll(async () => {
      // A store that announces an object bigger than the limit, and one that streams without end.
      server = createServer((request, answer) => {
        const key = new URL(request.url ?? "/", "http://store").pathname;
        if (key.endsWith("/announced.tfstate")) {
          answer.writeHead(200, { "Content-Length": String(MAX_STATE_BYTES + 1) });
          answer.write("{");
          sent.set(key, 1);
          return;
        }
        answer.writeHead(200, { "Content-Type": "application/json" }); // chunked: no length is announced
        const chunk = Buffer.alloc(1024 * 1024, " ");
        let bytes = 0;
        const pump = () => {
          let more = true;
          while (more && !answer.destroyed) {
            more = answer.write(chunk);
            bytes += chunk.length;
          }
          sent.set(key, bytes);
        };
        answer.on("drain", pump);
        answer.on("close", () => sent.set(key, bytes));
        pump();
      });
      const port = await freePort();
      await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
      endpoint = `http://127.0.0.1:${port}`;
    });

    afterAll(() => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });

    const remote = (name: string) =>
      workspace({ name, state: { backend: "s3", bucket: "states", region: "us-east-1", endpoint } });
    const credentials = { AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "example" };

    it("is refused without reading its body when its length says it is too large", async () => {
      const report = await checkExistingVolumes([remote("announced")], offline(join(tmpdir(), "none"), credentials));
      expect(report.findings.map((f) => f.rule)).toEqual(["state-size-limit"]);
      expect(report.findings[0].info).toContain(
        `the remote state s3://states/convex-stack/announced.tfstate at ${endpoint} is ${MAX_STATE_BYTES + 1} bytes, over the limit of 67108864 bytes (64 MiB)`,
      );
    });

    it("is read as a stream and stopped at the limit when no length is announced", async () => {
      const report = await checkExistingVolumes([remote("endless")], offline(join(tmpdir(), "none"), credentials));
      expect(report.findings.map((f) => f.rule)).toEqual(["state-size-limit"]);
      expect(report.findings[0].info).toContain("endless.tfstate at");
      expect(report.findings[0].info).toContain("ran past the limit of 67108864 bytes (64 MiB)");
      // The reader hung up near the bound: what the socket buffers is all it had in flight.
      const bytes = sent.get("/states/convex-stack/endless.tfstate")!;
      expect(bytes).toBeGreaterThan(MAX_STATE_BYTES - 8 * 1024 * 1024);
      expect(bytes).toBeLessThan(MAX_STATE_BYTES + 16 * 1024 * 1024);
    });
  });
});

describe("a state that repeats itself", () => {
  it("with more volumes than a call's arguments can hold, finds the newest generation (no spread into Math.max)", async () => {
    const volumes = Array.from({ length: 200_000 }, (_, i) => ({
      attributes: { name: i === 123_456 ? "convex-app-data-g7" : `convex-app-data-g${(i % 5) + 1}` },
    }));
    const outdir = projectWith("app", { version: 4, resources: [managed("docker_volume", "many", volumes)] });
    const report = await checkExistingVolumes([workspace({ name: "app", volume: { generation: 3 } })], offline(outdir));
    expect(report.findings).toEqual([expect.objectContaining({ rule: "volume-generation-only-up" })]);
    expect(report.findings[0].info).toContain("manages convex-app-data-g7 of generation 7");
  });

  it("says a partly labelled volume recorded many times once", async () => {
    const partly = {
      attributes: { name: "convex-app-data", labels: [{ label: "convex-stack.storage-mode", value: "local" }] },
    };
    const outdir = projectWith("app", {
      version: 4,
      resources: [
        managed(
          "docker_volume",
          "many",
          Array.from({ length: 5000 }, () => partly),
        ),
      ],
    });
    const report = await checkExistingVolumes([workspace({ name: "app" })], offline(outdir));
    expect(report.notes.filter((note) => note.includes("without the label(s)"))).toHaveLength(1);
  });

  it("names each place a revision was seen once, however many images of the state record it", async () => {
    const [revision] = Object.keys(KNOWN_REVISIONS).sort((a, b) => (KNOWN_REVISIONS[a] < KNOWN_REVISIONS[b] ? 1 : -1));
    const image = { attributes: { name: `ghcr.io/get-convex/convex-backend:${revision}` } };
    const outdir = projectWith("app", {
      version: 4,
      resources: [
        managed("docker_volume", "data", [{ attributes: { name: "convex-app-data" } }]),
        managed(
          "docker_image",
          "backend",
          Array.from({ length: 5000 }, () => image),
        ),
      ],
    });
    const older = Object.keys(KNOWN_REVISIONS).find((r) => KNOWN_REVISIONS[r] < KNOWN_REVISIONS[revision])!;
    const report = await checkDeployedRevisions(
      [workspace({ name: "app", convex: { version: older } })],
      offline(outdir),
    );
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0].info.endsWith(`(Seen in the state file ${localStatePath("app", outdir)}.)`)).toBe(true);
    expect(report.findings[0].info).not.toContain(" and in ");
  });
});
