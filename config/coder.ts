/** Environment variables a Coder workspace sets for its agent's processes. */
export const CODER_ENV = {
  workspace: "CODER_WORKSPACE_NAME",
  owner: "CODER_WORKSPACE_OWNER_NAME",
  agent: "CODER_WORKSPACE_AGENT_NAME",
} as const;

export type CoderPart = keyof typeof CODER_ENV;

export function coderUrl(slug: string, agent: string, workspace: string, owner: string, accessDomain: string): string {
  return `https://${slug}--${agent}--${workspace}--${owner}.${accessDomain}`.toLowerCase();
}

/**
 * The file's object with the values the environment supplies filled in where the file leaves them out
 * (network.coder's agent, workspace and owner), so they pass every check a value in the file passes, and
 * which paths were filled from which variable. The file's own object is not changed.
 */
export function environmentValues(
  file: object,
  env: NodeJS.ProcessEnv,
): { raw: object; fromEnvironment: Map<string, string> } {
  const fromEnvironment = new Map<string, string>();
  const network = (file as { network?: unknown }).network;
  const coder = isPlainObject(network) ? network.coder : undefined;
  if (!isPlainObject(network) || !isPlainObject(coder)) return { raw: file, fromEnvironment };
  const filled: Record<string, unknown> = { ...coder };
  for (const key of Object.keys(CODER_ENV) as CoderPart[]) {
    const value = env[CODER_ENV[key]];
    if (Object.hasOwn(coder, key) || !value) continue;
    filled[key] = value;
    fromEnvironment.set(`network.coder.${key}`, CODER_ENV[key]);
  }
  return { raw: { ...file, network: { ...network, coder: filled } }, fromEnvironment };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
