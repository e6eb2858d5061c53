import { canonicalEndpoint } from "../../constructs/domain";

/** The S3 service a client with this endpoint talks to: AWS without one, else the gateway, in one spelling. */
export function s3ServiceAt(endpoint: string | undefined): string {
  return endpoint === undefined ? "AWS S3" : canonicalEndpoint(endpoint);
}

/** One S3 service: AWS (bucket names are global there, whatever the region) or a gateway by its endpoint. */
export function s3ServiceIdentity(kind: "AwsS3" | "CephViaGateway", endpoint: string | undefined): string {
  return s3ServiceAt(kind === "AwsS3" ? undefined : (endpoint ?? ""));
}
