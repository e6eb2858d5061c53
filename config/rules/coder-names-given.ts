import { CODER_ENV, type CoderPart } from "../coder";
import type { ConfigRule } from "../../vocabulary/rule";

/** Coder's app URLs name the agent, the workspace and its owner: from the file, or from Coder's own environment. */
export const coderNamesGiven: ConfigRule = {
  id: "coder-names-given",
  stage: "config",
  level: "error",
  doc: {
    finds: `\`network.coder\` without \`agent\`, \`workspace\` or \`owner\`, outside a Coder workspace (where ${Object.values(
      CODER_ENV,
    )
      .map((v) => `\`${v}\``)
      .join(", ")} are not set)`,
    prevents:
      "app URLs that name no Coder workspace: Coder reaches an app at `https://<app>--<agent>--<workspace>--<owner>.<domain>`",
    fix: "give the field, or run inside the Coder workspace",
    source: "https://coder.com/docs/admin/networking/wildcard-access-url",
  },
  cannotAcknowledge: "without these names there are no URLs to give the backend and the dashboard",

  check(config) {
    // The environment's values are in the config already (config/coder.ts, environmentValues).
    const coder = config.network.coder;
    if (!coder) return [];
    return (Object.keys(CODER_ENV) as CoderPart[])
      .filter((part) => !coder[part])
      .map((part) => ({
        path: `network.coder.${part}`,
        info: `is required: the app URLs name it, and ${CODER_ENV[part]} is not set either`,
        fix: `set it in the file, or run where ${CODER_ENV[part]} is set (inside the Coder workspace)`,
      }));
  },
};
