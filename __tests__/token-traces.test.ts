import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, runTs } from "./helpers/run";
import { tempDir } from "./helpers/temp";

/**
 * Runs in a process of its own, as main.ts does: jest's sandbox formats stack traces its own way, and
 * the point is that Node's format of real errors is unchanged.
 */
function tracesBeforeAndAfter() {
  const script = join(tempDir("convex-stack-traces-"), "traces.ts");
  writeFileSync(
    script,
    `import { Lazy } from ${JSON.stringify(join(ROOT, "node_modules", "cdktf"))};
import { skipTokenCreationTraces } from ${JSON.stringify(join(ROOT, "cdktf-patches", "token-traces"))};
function someFunction(): Error {
  return new Error("boom");
}
// A token as cdktf creates dozens of per workspace; it keeps the stack it was created on.
const observe = () => ({ error: someFunction().stack, tokenTrace: Lazy.anyValue({ produce: () => 1 }).creationStack });
const before = observe();
skipTokenCreationTraces();
process.stdout.write(JSON.stringify({ before, after: observe() }));
`,
  );
  const result = runTs(script);
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as Record<"before" | "after", { error: string; tokenTrace: string[] }>;
}

describe("skipTokenCreationTraces (called by the app before it builds stacks)", () => {
  const { before, after } = tracesBeforeAndAfter();

  it("leaves the tokens cdktf creates without a creation stack", () => {
    expect(before.tokenTrace.length).toBeGreaterThan(0);
    expect(after.tokenTrace).toEqual([]);
  });

  it("keeps the stack trace of real errors exactly as Node formats it", () => {
    const withoutPositions = (stack: string) => stack.replace(/:\d+:\d+\)?$/gm, "");
    expect(after.error).toMatch(/^Error: boom\n\s+at someFunction \(.*traces\.ts:\d+:\d+\)\n/);
    expect(withoutPositions(after.error)).toBe(withoutPositions(before.error));
  });
});
