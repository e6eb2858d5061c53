import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runTs } from "./helpers/run";
import { tempDir } from "./helpers/temp";

/**
 * `npm run validate` runs on every save, so it must stay light: it may not load cdktf or any provider
 * (provider-aws alone costs seconds). Every file it loads is a separate module, so a preload that lists
 * require.cache at exit sees them all.
 */
describe("npm run validate", () => {
  it("loads neither cdktf nor any provider, whatever storage and database the workspaces use", () => {
    const dir = tempDir("convex-stack-modules-");
    const workspaces = [
      { name: "local" },
      {
        name: "aws",
        storage: { kind: "AwsS3", region: "eu-central-1", bucketPrefix: "team-aws", provisionBuckets: true },
        database: { kind: "postgres", host: "db.example.com" },
      },
      {
        name: "ceph",
        storage: { kind: "CephViaGateway", endpoint: "http://rgw.example.com:7480", bucketPrefix: "team-ceph" },
        database: { kind: "mysql", host: "db.example.com" },
      },
      {
        name: "sync",
        storage: {
          kind: "LocalPlusSync",
          target: { kind: "CephViaGateway", endpoint: "http://rgw.example.com:7480", bucket: "backups" },
        },
      },
    ];
    workspaces.forEach((ws, i) => {
      const base = 5000 + i * 10;
      writeFileSync(
        join(dir, `${ws.name}.json`),
        JSON.stringify({ ...ws, network: { ports: { backend: base, site: base + 1, dashboard: base + 2 } } }),
      );
    });
    const recorder = join(dir, "record-modules.js");
    const loaded = join(dir, "loaded.json");
    writeFileSync(
      recorder,
      `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(loaded)}, JSON.stringify(Object.keys(require.cache))));\n`,
    );

    const result = runTs("bin/validate.ts", [dir], {
      NODE_OPTIONS: `--require ${recorder}`,
      CONVEX_STACK_OFFLINE: "1",
    });

    expect([0, 1]).toContain(result.status); // problems are fine here; a crash is not
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const modules = JSON.parse(readFileSync(loaded, "utf8")) as string[];
    expect(modules.some((file) => file.includes("/node_modules/zod/"))).toBe(true); // the recorder saw dependencies
    expect(modules.filter((file) => /\/node_modules\/(cdktf|@cdktf)\//.test(file))).toEqual([]);
    // The AWS SDK is loaded only to read a remote state, and none of these keeps its state in S3.
    expect(modules.filter((file) => /\/node_modules\/@aws-sdk\//.test(file))).toEqual([]);
  });
});
