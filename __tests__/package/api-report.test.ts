import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/temp";

/*
 * The public API is checked in as API Extractor reports (api/*.api.md), one per entry point: any change to
 * the public surface fails here until `npm run api` records it, so it shows in review.
 */

const ROOT = join(__dirname, "..", "..");

function apiReport(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [require.resolve("tsx/cli"), "scripts/api-report.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 300_000,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("the API reports", () => {
  it("match the library's declarations, and no public declaration names a type its entry point does not export", () => {
    const run = apiReport();
    expect(run.output).toBe("api/ reports are current\n");
    expect(run.status).toBe(0);
  });

  it("catch a difference, naming the entry point whose report differs", () => {
    const reports = tempDir("i9-api-reports-");
    try {
      cpSync(join(ROOT, "api"), reports, { recursive: true });
      appendFileSync(join(reports, "convex-stack-domain.api.md"), "export const REMOVED_SINCE: string;\n");
      const run = apiReport("--reports", reports);
      expect(run.status).toBe(1);
      expect(run.output).toContain(
        `./domain: the public API differs from ${join(reports, "convex-stack-domain.api.md")}`,
      );
      expect(run.output).not.toMatch(/^\.: |^\.\/aws: /m);
    } finally {
      rmSync(reports, { recursive: true, force: true });
    }
  });
});
