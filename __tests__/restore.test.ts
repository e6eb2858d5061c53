import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { RestoreRefused, recordedRevision, restore } from "../restore/restore";
import { runTs } from "./helpers/run";
import { workspace } from "./helpers/workspaces";
import { tempDir } from "./helpers/temp";

/* What `npm run restore` refuses before it asks any store or engine (backup-restore.test.ts restores for real). */

const target = { kind: "AwsS3" as const, region: "eu-west-1", bucket: "backups" };

describe("the restore command's refusals", () => {
  it.each<[string, Parameters<typeof workspace>[0], string]>([
    [
      "a workspace without snapshots",
      { name: "app" },
      'storage.kind is "LocalStorage": only LocalPlusSync keeps snapshots to restore',
    ],
    [
      "a postgres workspace",
      { name: "app", storage: { kind: "LocalPlusSync", target }, database: { kind: "postgres" } },
      'database.kind is "postgres": the sidecar snapshots only SQLite',
    ],
    [
      "missing sync keys",
      { name: "app", storage: { kind: "LocalPlusSync", target } },
      "TF_VAR_sync_access_key_id and TF_VAR_sync_secret_access_key must be set",
    ],
  ])("refuses %s, saying what to do instead", async (_title, file, message) => {
    const said: string[] = [];
    const attempt = restore(workspace(file), { env: {}, say: (line) => said.push(line) });
    await expect(attempt).rejects.toBeInstanceOf(RestoreRefused);
    await expect(attempt).rejects.toThrow(message);
    expect(said).toEqual([]);
  });

  it.each([
    [[], "usage: npm run restore -- <workspace name or file> [--snapshot <id>] [--dry-run]"],
    [["a", "b"], "give one workspace, got 2"],
    [["app", "--snapshot"], "--snapshot needs a snapshot id"],
    [["app", "--force"], "unknown option --force"],
    [["nonexistent-workspace"], 'unknown workspace "nonexistent-workspace"'],
  ])("exits 2 for the arguments %j, in one line", (args, message) => {
    const result = runTs("bin/restore.ts", args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("exits 1 with the refusal, never a stack trace", () => {
    const dir = tempDir("restore-");
    writeFileSync(join(dir, "app.json"), JSON.stringify({ name: "app" }));
    const result = runTs("bin/restore.ts", [join(dir, "app.json")]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^restore: .*app\.json: storage\.kind is "LocalStorage"/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("the revision a snapshot records", () => {
  const storeAnswering = (answer: () => Promise<string>) => ({
    snapshotKey: (id: string, file: string) => `${id}/${file}`,
    text: answer,
  });
  const failure = (name: string) => () => Promise.reject(Object.assign(new Error(`${name} from the store`), { name }));

  it("is read and trimmed when the snapshot records one", async () => {
    await expect(
      recordedRevision(
        storeAnswering(() => Promise.resolve("a9a760ca10399ed42e1b4bb87c78539a235488c7\n")),
        "s1",
      ),
    ).resolves.toBe("a9a760ca10399ed42e1b4bb87c78539a235488c7");
  });

  it("is unrecorded only when the store says the object does not exist", async () => {
    await expect(recordedRevision(storeAnswering(failure("NoSuchKey")), "s1")).resolves.toBe("");
  });

  it.each(["AccessDenied", "TimeoutError", "InternalError"])(
    "refuses the restore when reading it fails with %s, never skipping the revision check",
    async (name) => {
      const attempt = recordedRevision(storeAnswering(failure(name)), "s1");
      await expect(attempt).rejects.toBeInstanceOf(RestoreRefused);
      await expect(attempt).rejects.toThrow(
        new RegExp(`could not read which revision wrote snapshot s1 \\(${name}: .*nothing was restored`),
      );
    },
  );
});
