import { readFileSync } from "node:fs";
import { parseWorkspace } from "../config/load";
import { synth, workspace } from "./helpers/workspaces";

/** Snapshots pin the whole synthesized JSON: review a diff here as you would a Terraform plan. */
describe("synthesized stacks", () => {
  it("the shipped default workspace", () => {
    const result = parseWorkspace(
      "config/workspaces/local.json",
      readFileSync("config/workspaces/local.json", "utf8"),
      {},
    );
    expect(result.findings).toEqual([]);
    expect(JSON.parse(synth(result.workspace!).json)).toMatchSnapshot();
  });

  it("a Coder workspace reached through app URLs", () => {
    const ws = workspace(
      {
        name: "coder-dev",
        network: { coder: { accessDomain: "coder.example.com" } },
        convex: { instanceSecret: "terraformVariable" },
      },
      { CODER_WORKSPACE_NAME: "dev", CODER_WORKSPACE_OWNER_NAME: "alice", CODER_WORKSPACE_AGENT_NAME: "main" },
    );
    expect(JSON.parse(synth(ws).json)).toMatchSnapshot();
  });
});
