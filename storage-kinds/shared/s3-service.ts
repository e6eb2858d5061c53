import { canonicalEndpoint } from "../../constructs/domain";

/** One S3 service: AWS (bucket names are global there, whatever the region) or a gateway by its endpoint. */
export function s3ServiceIdentity(kind: "AwsS3" | "CephViaGateway", endpoint: string | undefined): string {
  return kind === "AwsS3" ? "AWS S3" : canonicalEndpoint(endpoint ?? "");
}
