import { defaultInstanceName, type PublicUrls, resourceNames } from "../constructs/domain";
import { storageKindOf } from "../storage-kinds";
import { urlHostOf } from "./bind-address";
import { coderUrl } from "./coder";
import type { Finding } from "../vocabulary/findings";
import { configFindings } from "./rules/run";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import type { Workspace } from "../vocabulary/workspace-schema";

/**
 * Applies the derivations, once the config rules (config/rules/, stage "config") have found the fields
 * they derive from in agreement; otherwise returns what those rules found.
 */
export function resolveWorkspace(
  file: string,
  config: Workspace,
): { workspace?: ResolvedWorkspace; findings: Finding[] } {
  const findings = configFindings(file, config);
  if (findings.length > 0) return { findings };
  return {
    findings,
    workspace: {
      file,
      config,
      name: config.name,
      instanceName: config.convex.instanceName ?? defaultInstanceName(config.name),
      urls: resolveUrls(config),
      reachedThroughCoder: config.network.coder !== undefined,
      buckets: storageKindOf(config.storage).buckets?.(config.storage),
      names: resourceNames(config.name, config.volume.generation),
    },
  };
}

/**
 * Stated, derived the Coder way (the environment's values are in the config already, checked like the
 * file's, and rule coder-names-given has found every part), or from the bind address and ports.
 */
function resolveUrls(config: Workspace): PublicUrls {
  const { publicUrls, coder, ports, bindAddress } = config.network;
  if (publicUrls) return publicUrls;
  if (coder) {
    const url = (slug: string) => coderUrl(slug, coder.agent!, coder.workspace!, coder.owner!, coder.accessDomain);
    return { backend: url(coder.apps.backend), site: url(coder.apps.site), dashboard: url(coder.apps.dashboard) };
  }
  const host = urlHostOf(bindAddress);
  return {
    backend: `http://${host}:${ports.backend}`,
    site: `http://${host}:${ports.site}`,
    dashboard: `http://${host}:${ports.dashboard}`,
  };
}
