import { z } from "zod";
import { BUCKET_PURPOSES, type BucketPurpose, bucketsFromPrefix, DEFAULTS } from "../../../constructs/domain";
import { bucketName, inertName } from "../../../vocabulary/schema-fields";

/*
 * The fields AwsS3 and CephViaGateway share: the backend keeps its objects in five S3 buckets, with the
 * backend's S3 switches, and the stack may create the buckets.
 */

const EXAMPLE_BUCKETS = bucketsFromPrefix("shop-convex");

const bucket = (purpose: BucketPurpose) =>
  bucketName.meta({
    description: `The bucket for ${purpose.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`)}.`,
    examples: [EXAMPLE_BUCKETS[purpose]],
  });

/** One field per purpose the library names (BUCKET_PURPOSES), so the two cannot drift. */
const bucketsByPurpose = z.strictObject(
  Object.fromEntries(BUCKET_PURPOSES.map((purpose) => [purpose, bucket(purpose)])) as Record<
    BucketPurpose,
    typeof bucketName
  >,
);

/** Either five bucket names or one prefix from which they are derived (`<prefix>-exports`, ...): rule bucket-choice. */
export const bucketChoice = {
  buckets: bucketsByPurpose.optional().meta({ description: "The five buckets by name. Give this or `bucketPrefix`." }),
  bucketPrefix: inertName("the start of five S3 bucket names: lowercase letters, digits, '.' and '-'")
    .optional()
    .meta({
      description: `The five buckets by one prefix: ${Object.values(bucketsFromPrefix("<prefix>"))
        .map((name) => `\`${name}\``)
        .join(", ")}. Give this or \`buckets\`.`,
      examples: ["shop-convex"],
    }),
};

/** The backend's S3 switches, with the store's defaults (constructs/domain DEFAULTS.s3Switches) and why they are so. */
export const switches = (
  store: keyof typeof DEFAULTS.s3Switches,
  why: { serverSideEncryption: string; checksums: string },
) => ({
  serverSideEncryption: z
    .boolean()
    .default(DEFAULTS.s3Switches[store].serverSideEncryption)
    .meta({
      description: `Whether the backend asks for SSE on uploads; \`false\` emits AWS_S3_DISABLE_SSE=true. ${why.serverSideEncryption}`,
    }),
  checksums: z
    .boolean()
    .default(DEFAULTS.s3Switches[store].checksums)
    .meta({
      description: `Whether the backend sends and checks per-part CRC32 checksums; \`false\` emits AWS_S3_DISABLE_CHECKSUMS=true. ${why.checksums}`,
    }),
  rangePrefetch: z.boolean().default(DEFAULTS.s3Switches[store].rangePrefetch).meta({
    description:
      "Whether the backend prefetches byte ranges; `false` emits AWS_S3_DISABLE_RANGE_PREFETCH=true, for stores that omit Content-Range. Refused on revisions that do not read that variable (see docs/backend-environment.md).",
  }),
});

/** Buckets the stack creates, described for the store. */
export const provisioning = (what: string) => ({
  provisionBuckets: z.boolean().default(false).meta({ description: what }),
  versioning: z
    .boolean()
    .default(DEFAULTS.versioning)
    .meta({ description: "Turn on versioning of the buckets this stack creates (needs `provisionBuckets`)." }),
});
