import { App } from "cdktf";
import { skipTokenCreationTraces } from "./app/token-traces";
import { loadWorkspaces } from "./config/load";
import { WorkspaceConfigError } from "./config/problems";
import { WorkspaceStack } from "./constructs/workspace-stack";

/** cdktf's app: one stack per workspace file. Bad input exits 1 with every problem, before anything is written. */
function main(): void {
  let workspaces;
  try {
    workspaces = loadWorkspaces();
  } catch (error) {
    if (!(error instanceof WorkspaceConfigError)) throw error;
    process.stderr.write(`Workspace configuration refused:\n${error.message}\n`);
    process.exit(1);
  }
  skipTokenCreationTraces();
  const app = new App();
  for (const workspace of workspaces) new WorkspaceStack(app, workspace);
  app.synth();
}

main();
