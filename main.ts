import { App } from "cdktf";
import { checkBinaryVersionsOnce } from "./cdktf-patches/binary-versions-once";
import { terraformMissing } from "./cdktf-patches/terraform-on-path";
import { skipTokenCreationTraces } from "./cdktf-patches/token-traces";
import { WorkspaceConfigError } from "./vocabulary/findings";
import { WorkspaceStack } from "./stacks/workspace-stack";
import { loadDeployableWorkspaces } from "./guards";

/**
 * cdktf's app: one stack per workspace file. Bad input, a change that would lose the data of a deployed
 * volume, or a machine that cannot synthesize (no terraform) exits 1 with every problem, before anything is
 * written (so `cdktf deploy` stops before plan), and without a stack trace.
 */
async function main(): Promise<number> {
  let workspaces;
  try {
    workspaces = await loadDeployableWorkspaces();
  } catch (error) {
    if (!(error instanceof WorkspaceConfigError)) throw error;
    process.stderr.write(`Workspace configuration refused:\n${error.message}\n`);
    return 1;
  }
  const missing = terraformMissing();
  if (missing) {
    process.stderr.write(`Synthesis refused: ${missing}\n`);
    return 1;
  }
  skipTokenCreationTraces();
  checkBinaryVersionsOnce();
  const app = new App();
  const stacks = workspaces.map((workspace) => new WorkspaceStack(app, workspace));
  // cdktf validates each stack just before writing it; validating all of them first writes nothing on a
  // failure (the version checks are answered once, so the second pass costs next to nothing).
  for (const stack of stacks) stack.runAllValidations();
  app.synth();
  return 0;
}

// Anything else that goes wrong is said in one line, without a stack trace, and writes nothing more.
main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`Synthesis failed: ${error instanceof Error ? error.message : String(error)}
`);
    process.exitCode = 1;
  },
);
