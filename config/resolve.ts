import { defaultInstanceName, type PublicUrls, resourceNames, volumeFingerprint } from "../constructs/domain";
import { urlHostOf } from "./bind-address";
import { coderUrl } from "./coder";
import type { Finding } from "../vocabulary/findings";
import { configFindings } from "./rules/run";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import type { StorageKinds } from "../vocabulary/storage-kinds";
import type { Workspace } from "../vocabulary/workspace-schema";
import { STORAGE_KINDS } from "./storage-kinds";

/**
 * Applies the derivations, once the config rules (config/rules/, stage "config") have found the fields
 * they derive from in agreement; otherwise returns what those rules found.
 */
export function resolveWorkspace(
  file: string,
  config: Workspace,
  kinds: StorageKinds = STORAGE_KINDS,
): { workspace?: ResolvedWorkspace; findings: Finding[] } {
  const storageKind = kinds.of(config.storage);
  const findings = configFindings(file, config, storageKind, kinds);
  if (findings.length > 0) return { findings };
  const instanceName = config.convex.instanceName ?? defaultInstanceName(config.name);
  return {
    findings,
    workspace: {
      file,
      config,
      name: config.name,
      instanceName,
      urls: resolveUrls(config),
      reachedThroughCoder: config.network.coder !== undefined,
      storageKind,
      buckets: storageKind.buckets?.(config.storage),
      names: resourceNames(config.name, config.volume.generation),
      fingerprint: volumeFingerprint({
        workspaceName: config.name,
        instanceName,
        storage: storageKind.fingerprint(config.storage),
        database: config.database,
      }),
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
