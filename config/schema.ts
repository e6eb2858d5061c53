import { z } from "zod";
import { DEFAULT_STORAGE, storageKinds, storageKindsVersion } from "../storage-kinds";
import { buildWorkspaceSchema, type StorageSchema } from "../vocabulary/workspace-schema";

/*
 * The workspace file's schema as the app reads it: the format (vocabulary/workspace-schema.ts) with the
 * `storage` forms of the storage kinds (storage-kinds/), one per kind, told apart by `kind`.
 */

function storageSchema(): StorageSchema {
  const forms = storageKinds().map((kind) => kind.schema) as unknown as [z.ZodObject, ...z.ZodObject[]];
  return z.discriminatedUnion("kind", forms) as unknown as StorageSchema;
}

let built: { version: number; schema: ReturnType<typeof buildWorkspaceSchema> } | undefined;

/** The workspace file's schema, with the `storage` forms of the storage kinds registered now. */
export function workspaceSchema(): ReturnType<typeof buildWorkspaceSchema> {
  if (built?.version !== storageKindsVersion())
    built = {
      version: storageKindsVersion(),
      schema: buildWorkspaceSchema({
        schema: storageSchema(),
        kinds: storageKinds().map((kind) => kind.kind),
        default: DEFAULT_STORAGE,
      }),
    };
  return built.schema;
}
