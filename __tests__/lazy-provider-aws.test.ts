import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runTs } from "./helpers/run";
import { tempDir } from "./helpers/temp";

/** provider-aws is 390 MB and seconds to load: only workspaces that create buckets may pay for it. */
function packagesLoadedToSynthesize(file: object): string[] {
  const path = join(tempDir("lazy-aws-"), "ws.json");
  writeFileSync(path, JSON.stringify(file));
  const result = runTs("__tests__/helpers/synth-and-list-modules.ts", [path]);
  if (result.status !== 0) throw new Error(result.stderr);
  return (JSON.parse(result.stdout) as { packages: string[] }).packages;
}

describe("loading provider-aws", () => {
  it.each([
    ["LocalStorage", { kind: "LocalStorage" }],
    ["AwsS3 with existing buckets", { kind: "AwsS3", region: "eu-west-1", bucketPrefix: "acme" }],
    [
      "CephViaGateway with existing buckets",
      { kind: "CephViaGateway", endpoint: "http://rgw:7480", bucketPrefix: "acme" },
    ],
    ["LocalPlusSync", { kind: "LocalPlusSync", target: { kind: "AwsS3", bucket: "backups" } }],
  ])("never happens for %s", (_name, storage) => {
    const packages = packagesLoadedToSynthesize({ name: "app", storage });
    expect(packages).toContain("@cdktf/provider-docker");
    expect(packages).not.toContain("@cdktf/provider-aws");
  });

  it("happens when a workspace provisions its buckets", () => {
    const packages = packagesLoadedToSynthesize({
      name: "app",
      storage: { kind: "CephViaGateway", endpoint: "http://rgw:7480", bucketPrefix: "acme", provisionBuckets: true },
    });
    expect(packages).toContain("@cdktf/provider-aws");
  });
});
