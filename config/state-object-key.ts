/**
 * The key of a workspace's state object in its state bucket: one object per workspace, so workspaces never
 * share a lock (Terraform's S3 backend writes its lock next to it, as <key>.tflock).
 */
export function stateObjectKey(keyPrefix: string, workspaceName: string): string {
  return `${keyPrefix}/${workspaceName}.tfstate`;
}
