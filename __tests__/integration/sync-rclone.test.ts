import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { SYNC_COMMAND_LABEL } from "../../constructs/domain";
import { SIDECAR_LAST_RUN_FILE } from "../../constructs/domain/snapshots";
import { SNAPSHOT_SCRATCH, STORAGE_FOLDER } from "../../constructs/storage/database-snapshots";
import { createBucket, deleteBucket, listObjects, rgw, rgwClient, uniqueName } from "../helpers/rgw";
import { byName, envOf, synth, workspace } from "../helpers/workspaces";
import { tempDir } from "../helpers/temp";

/*
 * The LocalPlusSync sidecar's one-shot copy, taken from the synthesized JSON exactly as the container
 * would run it (its command and RCLONE_* environment), run with Debian's rclone 1.60 against a real RGW.
 * Only the source folder is remapped from the volume's mount point to a sample storage folder, and the
 * snapshot scratch volume to an empty folder (backup-restore.test.ts uploads snapshots).
 */
describe("the LocalPlusSync copy against a real RGW", () => {
  const { endpoint, accessKeyId, secretAccessKey } = rgw();
  const client = rgwClient();
  const bucket = uniqueName("sync");
  const stack = synth(
    workspace({
      name: "it",
      storage: { kind: "LocalPlusSync", target: { kind: "CephViaGateway", endpoint, bucket, prefix: "it/storage" } },
    }),
  );
  const sidecar = byName(stack, "docker_container")["convex-it-sync"];
  const command = (sidecar.labels as { label: string; value: string }[]).find(
    (l) => l.label === SYNC_COMMAND_LABEL,
  )!.value;
  const secretValues: Record<string, string> = {
    sync_access_key_id: accessKeyId,
    sync_secret_access_key: secretAccessKey,
  };
  // The container's environment, with each sensitive variable reference given its value as Terraform would.
  const rcloneEnv = Object.fromEntries(
    Object.entries(envOf(stack, "convex-it-sync")).map(([key, value]) => [
      key,
      value.replace(/\$\{var\.(\w+)\}/g, (_m, name: string) => secretValues[name]),
    ]),
  );
  const work = tempDir("convex-sync-");
  const source = join(work, "storage");
  const sample = (path: string, bytes: number) => {
    mkdirSync(dirname(join(source, path)), { recursive: true });
    writeFileSync(join(source, path), randomBytes(bytes));
  };

  /** Runs the one-shot copy; returns the files rclone reports as copied. */
  const runCopy = () => {
    const remapped = command
      .split(STORAGE_FOLDER)
      .join(source)
      .split(SNAPSHOT_SCRATCH)
      .join(join(work, "scratch"))
      .split(SIDECAR_LAST_RUN_FILE)
      .join(join(work, "last-run"));
    expect(remapped).not.toBe(command);
    const result = spawnSync("sh", ["-c", remapped], {
      env: { PATH: process.env.PATH, HOME: work, ...rcloneEnv },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect({ status: result.status, stderr: result.status === 0 ? "" : result.stderr }).toEqual({
      status: 0,
      stderr: "",
    });
    return [...result.stderr.matchAll(/INFO {2}: (\S+): Copied \(/g)].map((m) => m[1]).sort();
  };

  beforeAll(async () => {
    await createBucket(client, bucket);
    sample("files/3f2c6a1e-7d7b-4c7e-9f5b-0a1b2c3d4e5f", 12_700);
    sample("modules/a1b2c3d4.zip", 2_048);
    sample("search/segments/0001", 300_000);
  });

  afterAll(async () => {
    await deleteBucket(client, bucket).catch(() => undefined);
  });

  it("runs the same command the container repeats, with only its RCLONE_* settings", () => {
    expect((sidecar.entrypoint as string[])[2]).toContain(`do (${command}); sleep`);
    expect(Object.keys(rcloneEnv).every((key) => key.startsWith("RCLONE_CONFIG_"))).toBe(true);
    expect(Object.values(rcloneEnv).join("\n")).not.toContain("${");
  });

  it("copies the storage folder on the first run, nothing on the second, and only what is new after that", async () => {
    expect(runCopy()).toEqual([
      "files/3f2c6a1e-7d7b-4c7e-9f5b-0a1b2c3d4e5f",
      "modules/a1b2c3d4.zip",
      "search/segments/0001",
    ]);
    const first = await listObjects(client, bucket, "it/storage/");
    expect(new Map([...first].map(([key, o]) => [key, o.size]))).toEqual(
      new Map([
        ["it/storage/files/3f2c6a1e-7d7b-4c7e-9f5b-0a1b2c3d4e5f", 12_700],
        ["it/storage/modules/a1b2c3d4.zip", 2_048],
        ["it/storage/search/segments/0001", 300_000],
      ]),
    );

    expect(runCopy()).toEqual([]);
    expect(await listObjects(client, bucket, "it/storage/")).toEqual(first);

    sample("files/9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b", 5_000);
    expect(runCopy()).toEqual(["files/9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"]);
    expect((await listObjects(client, bucket, "it/storage/")).size).toBe(4);
  });
});
