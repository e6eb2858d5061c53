import { z } from "zod";
import {
  DEFAULT_GATEWAY_REGION,
  DEFAULT_KEEP_SNAPSHOTS,
  DEFAULT_SYNC_INTERVAL_MINUTES,
  KEEP_SNAPSHOTS_BOUNDS,
  SYNC_INTERVAL_BOUNDS,
  SYNC_PREFIX_RULE,
} from "../../constructs/domain";
import { bucketName, gatewayRegion, httpUrl, keeping } from "../../vocabulary/schema-fields";

const syncTarget = z.strictObject({
  kind: z.enum(["AwsS3", "CephViaGateway"]).meta({ description: "The kind of store the copy goes to." }),
  endpoint: httpUrl
    .optional()
    .meta({ description: "The gateway's URL; required for `CephViaGateway`. When absent: AWS's own endpoint." }),
  region: gatewayRegion.default(DEFAULT_GATEWAY_REGION).meta({ description: "The bucket's region." }),
  bucket: bucketName.meta({
    description: "An existing bucket (the sidecar never creates one).",
    examples: ["convex-backups"],
  }),
  prefix: keeping(SYNC_PREFIX_RULE)
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
      .min(SYNC_INTERVAL_BOUNDS.min)
      .max(SYNC_INTERVAL_BOUNDS.max)
      .default(DEFAULT_SYNC_INTERVAL_MINUTES)
      .meta({ description: "Pause between two copies (and two database snapshots), in minutes." }),
    keepSnapshots: z
      .number()
      .int()
      .min(KEEP_SNAPSHOTS_BOUNDS.min)
      .max(KEEP_SNAPSHOTS_BOUNDS.max)
      .optional()
      .meta({
        description: `SQLite snapshots the bucket keeps, newest first (each a full copy of the database; see docs/backups.md). Only with database.kind sqlite. When absent: ${DEFAULT_KEEP_SNAPSHOTS}.`,
      }),
  })
  .meta({ title: "LocalPlusSync" });

export type LocalPlusSyncStorage = z.output<typeof localPlusSyncSchema>;
