import { z } from "zod";
import { FORMATS } from "../../constructs/domain";
import { keeping } from "../../vocabulary/schema-fields";
import { bucketChoice, provisioning, switches } from "../shared/s3-buckets/schema";

/** AwsS3's `storage` block. */
export const awsS3Schema = z
  .strictObject({
    kind: z.literal("AwsS3").meta({ description: "Files in five AWS S3 buckets." }),
    region: keeping(FORMATS.awsRegion).meta({
      description: "AWS_REGION: the buckets' AWS region.",
      examples: ["eu-central-1"],
    }),
    ...bucketChoice,
    ...switches("aws", {
      serverSideEncryption: "Real S3 accepts the SSE header, so the protection costs nothing.",
      checksums: "Real S3 returns the CRC32 of every part, so the protection costs nothing.",
    }),
    credentials: z
      .enum(["terraformVariables", "sdkDefaultChain", "provisionedIamUser"])
      .default("terraformVariables")
      .meta({
        description:
          "The backend's S3 credentials. `terraformVariables`: TF_VAR_storage_access_key_id / TF_VAR_storage_secret_access_key. `sdkDefaultChain`: none passed (instance profile, ...). `provisionedIamUser`: the IAM user and access key created with the buckets (needs `provisionBuckets`).",
      }),
    sessionToken: z.boolean().default(false).meta({
      description:
        "Also pass TF_VAR_storage_session_token (temporary credentials; only with `credentials: terraformVariables`).",
    }),
    ...provisioning(
      "Create the five buckets (public access blocked, SSE-S3 default encryption) and an IAM policy allowing only what the backend does on them, with your AWS credentials at deploy time.",
    ),
  })
  .meta({ title: "AwsS3" });

export type AwsS3Storage = z.output<typeof awsS3Schema>;
