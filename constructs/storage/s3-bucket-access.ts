import { IamAccessKey } from "@cdktf/provider-aws/lib/iam-access-key";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamUser } from "@cdktf/provider-aws/lib/iam-user";
import { IamUserPolicyAttachment } from "@cdktf/provider-aws/lib/iam-user-policy-attachment";
import { Fn, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { InvalidPropsError } from "../domain/errors";
import type { S3Credentials } from "./s3-environment";

/**
 * What the backend does to its buckets (crates/aws_s3): ListObjectsV2 on the bucket; on objects GetObject and
 * HeadObject (s3:GetObject), PutObject and every multipart step but abort (s3:PutObject), DeleteObject, and
 * AbortMultipartUpload. Presigned URLs are signed with the same credentials, so they need nothing more.
 */
export const BACKEND_BUCKET_ACTIONS = ["s3:ListBucket"] as const;
/** The actions the backend takes on the objects in its buckets (see BACKEND_BUCKET_ACTIONS). */
export const BACKEND_OBJECT_ACTIONS = [
  "s3:GetObject",
  "s3:PutObject",
  "s3:DeleteObject",
  "s3:AbortMultipartUpload",
] as const;

/** S3BucketAccess's props. */
export interface S3BucketAccessProps {
  /** The aws provider the IAM objects are created with. */
  readonly provider: TerraformProvider;
  /** Name of the policy (and of the user), e.g. `convex-<workspace>-storage`. */
  readonly name: string;
  /** ARNs of the buckets the policy is limited to (resource references). */
  readonly bucketArns: readonly string[];
  /**
   * Also create an IAM user with the policy attached, and an access key for it.
   * @default false (attach the policy to your own role or user; its ARN is `policy.arn`)
   */
  readonly user?: boolean;
}

/**
 * A least-privilege IAM policy for exactly the given buckets, and optionally a user and key holding it.
 * S3Buckets makes one on AWS; make one yourself for buckets created elsewhere.
 *
 * @example
 * ```ts
 * const access = new S3BucketAccess(this, "access", {
 *   provider: awsProvider,
 *   name: "convex-shop-storage",
 *   bucketArns: [filesBucket.arn, modulesBucket.arn],
 * });
 * new TerraformOutput(this, "policy_arn", { value: access.policy.arn });
 * ```
 */
export class S3BucketAccess extends Construct {
  /** The IAM policy: attach it to the role or user the backend runs as. */
  readonly policy: IamPolicy;
  /** The policy's attachment to the created user; undefined without `user`. */
  readonly userPolicy?: IamUserPolicyAttachment;
  /** The access key of the created user, as resource references (sensitive); undefined without `user`. */
  readonly credentials?: S3Credentials;

  constructor(scope: Construct, id: string, props: S3BucketAccessProps) {
    super(scope, id);
    if (props.bucketArns.length === 0) throw new InvalidPropsError("bucketArns must name at least one bucket");
    this.policy = new IamPolicy(this, "policy", {
      provider: props.provider,
      name: props.name,
      description: "Convex backend: read and write objects in its own buckets, nothing else",
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ListOwnBuckets",
            Effect: "Allow",
            Action: [...BACKEND_BUCKET_ACTIONS],
            Resource: [...props.bucketArns],
          },
          {
            Sid: "ObjectsInOwnBuckets",
            Effect: "Allow",
            Action: [...BACKEND_OBJECT_ACTIONS],
            Resource: props.bucketArns.map((arn) => `${arn}/*`),
          },
        ],
      }),
    });
    if (!props.user) return;
    const user = new IamUser(this, "user", { provider: props.provider, name: props.name });
    this.userPolicy = new IamUserPolicyAttachment(this, "user-policy", {
      provider: props.provider,
      user: user.name,
      policyArn: this.policy.arn,
    });
    const key = new IamAccessKey(this, "access-key", { provider: props.provider, user: user.name });
    // References, never values: the secret stays in Terraform state, marked sensitive by the provider.
    this.credentials = { accessKeyId: key.id, secretAccessKey: key.secret };
  }
}
