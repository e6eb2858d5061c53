import type { Workspace } from "./schema";

/** Environment variables a Coder workspace sets for its agent's processes. */
export const CODER_ENV = {
  workspace: "CODER_WORKSPACE_NAME",
  owner: "CODER_WORKSPACE_OWNER_NAME",
  agent: "CODER_WORKSPACE_AGENT_NAME",
} as const;

export type CoderPart = keyof typeof CODER_ENV;

type CoderConfig = NonNullable<Workspace["network"]["coder"]>;

/** Agent, workspace and owner as the file gives them, else as the environment does; undefined where neither does. */
export function coderParts(coder: CoderConfig, env: NodeJS.ProcessEnv): Record<CoderPart, string | undefined> {
  return {
    agent: coder.agent ?? env[CODER_ENV.agent],
    workspace: coder.workspace ?? env[CODER_ENV.workspace],
    owner: coder.owner ?? env[CODER_ENV.owner],
  };
}

export function coderUrl(slug: string, agent: string, workspace: string, owner: string, accessDomain: string): string {
  return `https://${slug}--${agent}--${workspace}--${owner}.${accessDomain}`.toLowerCase();
}
