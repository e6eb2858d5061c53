import { z } from "zod";
import { LOCAL_LOCATION } from "../../constructs/domain";
import { skip } from "../../probes/check";
import type { StorageKind } from "../../vocabulary/storage-kind";

const localStorageSchema = z
  .strictObject({
    kind: z.literal("LocalStorage").meta({ description: "Files in the data volume (/convex/data/storage)." }),
  })
  .meta({ title: "LocalStorage" });

/** Files in the data volume: the default, with nothing outside Docker to run. */
export const localStorage: StorageKind<z.output<typeof localStorageSchema>> = {
  kind: "LocalStorage",
  schema: localStorageSchema,
  fingerprint: () => ({ mode: "local", location: LOCAL_LOCATION }),
  rules: [],
  strategy: (_storage, { library }) => new library.LocalStorage(),
  doctor: () => Promise.resolve([skip("storage", "LocalStorage: files live in the data volume; no S3 store to check")]),
};
