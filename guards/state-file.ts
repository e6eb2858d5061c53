import { resolve } from "node:path";

/** Where cdktf writes stacks unless CDKTF_OUTDIR says otherwise. */
export const DEFAULT_OUTDIR = "cdktf.out";

/**
 * The local state file of a workspace's stack. WorkspaceStack's LocalBackend path is relative to the
 * stack's directory (<outdir>/stacks/<name>), so the file sits next to the output directory.
 */
export function localStatePath(workspaceName: string, outdir: string = DEFAULT_OUTDIR): string {
  return resolve(outdir, "..", `terraform.${workspaceName}.tfstate`);
}

/** The path WorkspaceStack gives its LocalBackend: relative, so no machine's absolute path is synthesized. */
export function stackRelativeStatePath(workspaceName: string): string {
  return `../../../terraform.${workspaceName}.tfstate`;
}
