import type { StorageKinds } from "../vocabulary/storage-kinds";
import { buildWorkspaceSchema } from "../vocabulary/workspace-schema";
import { STORAGE_KINDS } from "./storage-kinds";

/*
 * The workspace file's schema as the app reads it: the format (vocabulary/workspace-schema.ts) with the
 * `storage` forms of the storage kinds it is built from, one per kind, told apart by `kind`.
 */

export type WorkspaceSchema = ReturnType<typeof buildWorkspaceSchema>;

const built = new WeakMap<StorageKinds, WorkspaceSchema>();

/** The workspace file's schema, with the `storage` forms of `kinds`, built once per list. */
export function workspaceSchema(kinds: StorageKinds = STORAGE_KINDS): WorkspaceSchema {
  let schema = built.get(kinds);
  if (!schema) {
    schema = buildWorkspaceSchema(kinds.forms);
    built.set(kinds, schema);
  }
  return schema;
}
