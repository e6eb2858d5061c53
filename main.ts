import { App } from "cdktf";
import { checkBinaryVersionsOnce } from "./cdktf-patches/binary-versions-once";
import { skipTokenCreationTraces } from "./cdktf-patches/token-traces";
import { WorkspaceConfigError } from "./config/problems";
import { WorkspaceStack } from "./stacks/workspace-stack";
import { loadDeployableWorkspaces } from "./guards";

/**
 * cdktf's app: one stack per workspace file. Bad input, or a change that would lose the data of a deployed
 * volume, exits 1 with every problem, before anything is written (so `cdktf deploy` stops before plan).
 */
async function main(): Promise<void> {
  let workspaces;
  try {
    workspaces = await loadDeployableWorkspaces();
  } catch (error) {
    if (!(error instanceof WorkspaceConfigError)) throw error;
    process.stderr.write(`Workspace configuration refused:\n${error.message}\n`);
    process.exit(1);
  }
  skipTokenCreationTraces();
  checkBinaryVersionsOnce();
  const app = new App();
  for (const workspace of workspaces) new WorkspaceStack(app, workspace);
  app.synth();
}

// A rejection other than a refusal is a bug: Node prints it with its stack and exits 1, as for a throw.
void main();
