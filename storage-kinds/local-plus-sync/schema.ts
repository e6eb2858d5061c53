import { z } from "zod";
import { DEFAULTS, LIMITS, FORMATS } from "../../constructs/domain";
import { bucketName, gatewayRegion, httpUrl, keeping } from "../../vocabulary/schema-fields";

const syncTarget = z.strictObject({
  kind: z.enum(["AwsS3", "CephViaGateway"]).meta({ description: "The kind of store the copy goes to." }),
  endpoint: httpUrl
    .optional()
    .meta({ description: "The gateway's URL; required for `CephViaGateway`. When absent: AWS's own endpoint." }),
  region: gatewayRegion.default(DEFAULTS.gatewayRegion).meta({ description: "The bucket's region." }),
  bucket: bucketName.meta({
    description: "An existing bucket (the sidecar never creates one).",
    examples: ["convex-backups"],
  }),
  prefix: keeping(FORMATS.syncPrefix)
    .optional()
    .meta({ description: "Folder inside the bucket. When absent: the workspace name.", examples: ["notes/storage"] }),
});

/** LocalPlusSync's `storage` block. */
export const localPlusSyncSchema = z
  .strictObject({
    kind: z.literal("LocalPlusSync").meta({
      description:
        "Files in the data volume, plus sidecars that copy them and snapshots of the SQLite database to a bucket.",
    }),
    target: syncTarget.meta({ description: "Where the sidecar copies the files." }),
    intervalMinutes: z
      .number()
      .int()
      .min(LIMITS.intervalMinutes.min)
      .max(LIMITS.intervalMinutes.max)
      .default(DEFAULTS.intervalMinutes)
      .meta({ description: "Pause between two copies (and two database snapshots), in minutes." }),
    keepSnapshots: z
      .number()
      .int()
      .min(LIMITS.keepSnapshots.min)
      .max(LIMITS.keepSnapshots.max)
      .optional()
      .meta({
        description: `SQLite snapshots the bucket keeps, newest first (each a full copy of the database; see docs/backups.md). Only with database.kind sqlite. When absent: ${DEFAULTS.keepSnapshots}.`,
      }),
  })
  .meta({ title: "LocalPlusSync" });

export type LocalPlusSyncStorage = z.output<typeof localPlusSyncSchema>;
