/**
 * Synthesizes one workspace file the way main.ts does, in a fresh process, and prints which npm packages
 * were loaded to do it (JSON: { packages, millis }). Used to prove what a stack costs to synthesize.
 */
import { readFileSync } from "node:fs";
import { Testing } from "cdktf";
import { parseWorkspace } from "../../config/load";
import { WorkspaceStack } from "../../stacks/workspace-stack";

const started = performance.now();
const file = process.argv[2];
const { workspace, findings } = parseWorkspace(file, readFileSync(file, "utf8"), {});
if (!workspace) throw new Error(JSON.stringify(findings));
Testing.synth(new WorkspaceStack(Testing.app(), workspace));
const millis = Math.round(performance.now() - started);
const packages = new Set(
  Object.keys(require.cache).flatMap((path) => {
    const match = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
    return match ? [match[1]] : [];
  }),
);
process.stdout.write(`${JSON.stringify({ packages: [...packages].sort(), millis })}\n`);
