import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import { BACKEND_IMAGE } from "../../constructs/domain";
import { DEFAULT_CONVEX_VERSION, SNAPSHOT_IMAGE, SYNC_IMAGE } from "../../constructs/domain/defaults";
import { DASHBOARD_IMAGE } from "../../constructs/domain/images";
import { IMAGE_REVISION_LABEL } from "../../upgrades/backend-image";
import { type BuiltImage, STAND_IN_LABEL, ensureImages } from "../../drill/images";
import { DockerObjects, docker, dockerResult, eventually } from "../helpers/docker";
import { byName, synth, workspace } from "../helpers/workspaces";

/*
 * The drill's images, built on the real engine from Debian's packages and tagged exactly as the stack pins
 * them: the sidecar images carry the real tools under BusyBox ash, and the Convex images are honest
 * stand-ins that keep the contract the stack's containers rely on.
 */

const BACKEND = `${BACKEND_IMAGE}:${DEFAULT_CONVEX_VERSION}`;
const DASHBOARD = `${DASHBOARD_IMAGE}:${DEFAULT_CONVEX_VERSION}`;
const SNAPSHOT = `${SNAPSHOT_IMAGE.repository}:${SNAPSHOT_IMAGE.tag}`;
const SYNC = `${SYNC_IMAGE.repository}:${SYNC_IMAGE.tag}`;
const objects = new DockerObjects();
let images: Map<string, BuiltImage>;

beforeAll(async () => {
  // The first run on an engine builds the Debian base (about 80 s); later runs find every image.
  images = await ensureImages([BACKEND, DASHBOARD, SNAPSHOT, SYNC]);
}, 1_800_000);

afterAll(() => objects.removeAll());

/** fetch with a time-out: a published port accepts before the container listens, and may then never answer. */
function get(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(3000) });
}

/** The host port the engine published a container port on. */
function hostPort(container: string, port: number): number {
  return Number(docker("port", container, String(port)).split("\n")[0].split(":").pop());
}

describe("the drill's image builder", () => {
  it("tags each image with exactly the reference the stack pins, and builds nothing the second time", async () => {
    const pinned = Object.values(byName(synth(workspace({ name: "images" })), "docker_image")).map((i) => i.name);
    expect(pinned.sort()).toEqual([BACKEND, DASHBOARD].sort());
    for (const [reference, image] of images)
      expect(docker("image", "inspect", "--format", "{{.Id}}", reference)).toBe(image.id);
    const again = await ensureImages([BACKEND, DASHBOARD, SNAPSHOT, SYNC]);
    expect([...again.values()].map((image) => image.built)).toEqual([false, false, false, false]);
    expect([...again.values()].map((image) => image.id)).toEqual([...images.values()].map((image) => image.id));
  });

  it("labels the Convex images as stand-ins, and says what stands in for the sidecar images", () => {
    expect(images.get(BACKEND)!.standIn).toMatch(
      new RegExp(`^stand-in for ghcr\\.io/get-convex/convex-backend:${DEFAULT_CONVEX_VERSION}, not Convex`),
    );
    expect(images.get(DASHBOARD)!.standIn).toMatch(/^stand-in for ghcr\.io\/get-convex\/convex-dashboard:/);
    expect(docker("image", "inspect", "--format", `{{index .Config.Labels "${STAND_IN_LABEL}"}}`, BACKEND)).toBe(
      "true",
    );
    // The guards read the running revision from this label, as they do from upstream's image.
    expect(docker("image", "inspect", "--format", `{{index .Config.Labels "${IMAGE_REVISION_LABEL}"}}`, BACKEND)).toBe(
      DEFAULT_CONVEX_VERSION,
    );
    expect(images.get(SNAPSHOT)!.standIn).toBeUndefined();
    expect(images.get(SNAPSHOT)!.description).toMatch(/sqlite3 3\.46\.1 .*BusyBox .* ash/);
    expect(images.get(SYNC)!.description).toMatch(/rclone 1\.60\.1 \(the pinned image has 1\.68\.2/);
  });
});

describe("the sidecar images", () => {
  it("run scripts under BusyBox ash, with BusyBox's utilities and no bash, as the Alpine images do", () => {
    for (const image of [SNAPSHOT, SYNC]) {
      const shell = docker(
        "run",
        "--rm",
        "--entrypoint",
        "sh",
        image,
        "-c",
        "readlink /bin/sh; ls /bin/bash 2>&1; for tool in sha256sum date sort mv; do $tool --help 2>&1 | head -1; done",
      );
      const [sh, bash, ...utilities] = shell.split("\n");
      expect([sh, bash]).toEqual(["busybox", "ls: /bin/bash: No such file or directory"]);
      expect(utilities.map((line) => /^BusyBox v1\.37\.0 /.test(line))).toEqual([true, true, true, true]);
    }
  });

  it("carry the real tools, at the versions the descriptions name, and upstream's user, entrypoint and healthcheck", () => {
    expect(docker("run", "--rm", "--entrypoint", "sqlite3", SNAPSHOT, "--version")).toMatch(/^3\.46\.1 /);
    expect(docker("run", "--rm", "--entrypoint", "id", SNAPSHOT, "-un")).toBe("sqlite");
    expect(docker("image", "inspect", "--format", "{{json .Config.Healthcheck.Test}}", SNAPSHOT)).toBe(
      '["CMD-SHELL","/usr/bin/sqlite3 --version || exit 1"]',
    );
    expect(docker("run", "--rm", SYNC, "version")).toMatch(/^rclone v1\.60\.1/);
    expect(docker("image", "inspect", "--format", "{{json .Config.Entrypoint}} {{.Config.WorkingDir}}", SYNC)).toBe(
      '["rclone"] /data',
    );
  });
});

describe("the backend stand-in", () => {
  let backend: string;
  let port: number;
  const url = (path: string, at = port) => `http://127.0.0.1:${at}${path}`;

  beforeAll(async () => {
    backend = objects.run("backend", [
      "-v",
      `${objects.volume("backend-data")}:/convex/data`,
      "-p",
      "127.0.0.1::3210",
      "-p",
      "127.0.0.1::3211",
      BACKEND,
    ]);
    port = hostPort(backend, 3210);
    await eventually("the stand-in answers /version", async () => ((await get(url("/version"))).ok ? true : undefined));
  });

  it("passes the healthcheck the stack emits, run inside it, and has no tool the real image lacks", () => {
    const { test } = byName(synth(workspace({ name: "images" })), "docker_container")["convex-images-backend"]
      .healthcheck as { test: string[] };
    expect(test.slice(0, 2)).toEqual(["CMD", "curl"]);
    expect(dockerResult("exec", backend, ...test.slice(1)).status).toBe(0);
    // Upstream's image (Ubuntu with curl and ca-certificates) has no wget, BusyBox, sqlite3 or rclone.
    expect(dockerResult("exec", backend, "sh", "-c", "command -v wget busybox sqlite3 rclone").stdout).toBe("");
  });

  it("names itself and the port it answered on, and serves /metrics", async () => {
    expect((await get(url("/version"))).headers.get("convex-stand-in")).toBe("backend:3210");
    expect((await get(url("/", hostPort(backend, 3211)))).headers.get("convex-stand-in")).toBe("backend:3211");
    expect(await (await get(url("/metrics"))).text()).toMatch(/^convex_stand_in_documents \d+$/m);
  });

  it("keeps marker rows a test can write and read back", async () => {
    const marker = `m-${randomBytes(4).toString("hex")}`;
    expect((await get(url(`/stand-in/markers/${marker}`))).status).toBe(404);
    expect((await get(url(`/stand-in/markers/${marker}`), { method: "POST" })).status).toBe(201);
    expect((await get(url(`/stand-in/markers/${marker}`))).status).toBe(200);
  });

  it("writes continuously: rows in its SQLite database, in upstream's rollback journal, and files under storage/ each row refers to", async () => {
    const status = await eventually("a few writes and a file", async () => {
      const s = (await (await get(url("/stand-in/status"))).json()) as { writes: number; journalMode: string };
      return s.writes >= 30 ? s : undefined;
    });
    expect(status.journalMode).toBe("delete");
    const files = (await (await get(url("/stand-in/files"))).json()) as { path: string; sha256: string }[];
    expect(files.length).toBeGreaterThan(0);
    const served = await get(url(`/stand-in/files/${files[0].path}`));
    expect(served.status).toBe(200);
    expect(docker("exec", backend, "sha256sum", `/convex/data/storage/${files[0].path}`).split(" ")[0]).toBe(
      files[0].sha256,
    );
  });

  it("echoes WebSocket messages, naming the port in the upgrade's answer", async () => {
    const { status, echoed } = await websocketEcho(hostPort(backend, 3211), "hello through the door");
    expect(status).toMatch(/^HTTP\/1\.1 101 /);
    expect(echoed).toBe("hello through the door");
  });

  it("stops on SIGINT (the stack's stop signal) within a second, closing the database", () => {
    const started = Date.now();
    docker("stop", "--signal", "SIGINT", "--time", "10", backend);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(docker("inspect", "--format", "{{.State.ExitCode}}", backend)).toBe("0");
    expect(docker("logs", backend)).toMatch(/closing the database cleanly/);
  });

  it("refuses to create a new database in a volume that holds anything but no database", () => {
    const volume = objects.volume("restored");
    const helper = objects.run("seed", [
      "-v",
      `${volume}:/convex/data`,
      "--entrypoint",
      "sh",
      BACKEND,
      "-c",
      "mkdir -p /convex/data/storage/files",
    ]);
    docker("wait", helper);
    const refused = dockerResult("run", "--rm", "-v", `${volume}:/convex/data`, BACKEND);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/refusing to start: \/convex\/data holds storage but no db\.sqlite3/);
  });

  it("keeps the database in WAL mode when switched to it", async () => {
    const wal = objects.run("backend-wal", [
      "-e",
      "CONVEX_STAND_IN_JOURNAL_MODE=wal",
      "-v",
      `${objects.volume("wal-data")}:/convex/data`,
      BACKEND,
    ]);
    await eventually(
      "the WAL stand-in answers",
      () =>
        dockerResult("exec", wal, "curl", "-fs", "http://localhost:3210/stand-in/status").stdout.includes(
          '"journalMode": "wal"',
        ) || undefined,
    );
    expect(docker("exec", wal, "ls", "/convex/data")).toMatch(/db\.sqlite3-wal/);
  });
});

describe("the dashboard stand-in", () => {
  it("serves 6791 as the real image's user, naming itself, with the deployment URL it was given", async () => {
    const dashboard = objects.run("dashboard", [
      "-e",
      "NEXT_PUBLIC_DEPLOYMENT_URL=http://api.example.test",
      "-p",
      "127.0.0.1::6791",
      DASHBOARD,
    ]);
    const port = hostPort(dashboard, 6791);
    const answer = await eventually("the dashboard answers", async () => {
      const response = await get(`http://127.0.0.1:${port}/`);
      return response.ok ? response : undefined;
    });
    expect(answer.headers.get("convex-stand-in")).toBe("dashboard:6791");
    expect(await answer.text()).toContain("http://api.example.test");
    expect(docker("exec", dashboard, "id", "-un")).toBe("nextjs");
    expect(dockerResult("exec", dashboard, "curl", "-f", "http://127.0.0.1:6791/").status).toBe(0);
  });
});

/** One WebSocket round trip over HTTP/1.1: the status line of the upgrade's answer and the text echoed back. */
function websocketEcho(port: number, message: string): Promise<{ status: string; echoed: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let received = Buffer.alloc(0);
    socket.setTimeout(5000, () => socket.destroy(new Error("no answer within 5 s")));
    socket.on("error", reject);
    socket.on("connect", () =>
      socket.write(
        `GET /api/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\n\r\n`,
      ),
    );
    let sent = false;
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf("\r\n\r\n");
      if (end < 0) return;
      const status = received.subarray(0, received.indexOf("\r\n")).toString();
      if (!sent) {
        sent = true;
        const payload = Buffer.from(message);
        const mask = randomBytes(4);
        const frame = Buffer.concat([
          Buffer.from([0x81, 0x80 | payload.length]),
          mask,
          payload.map((b, i) => b ^ mask[i % 4]),
        ]);
        socket.write(frame);
      }
      const frame = received.subarray(end + 4);
      if (frame.length >= 2 && frame.length >= 2 + (frame[1] & 0x7f)) {
        socket.end();
        resolve({ status, echoed: frame.subarray(2, 2 + (frame[1] & 0x7f)).toString() });
      }
    });
  });
}
