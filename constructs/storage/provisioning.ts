import { InvalidPropsError } from "../domain/errors";

/** The bucket-provisioning props AwsS3 and CephViaGateway share, as a workspace file's `storage` block has them. */
interface Provisioning {
  readonly provisionBuckets?: boolean;
  readonly versioning?: boolean;
}

/** Refuses provisioning props that are not switches, and versioning asked of buckets the strategy never touches. */
export function assertProvisioning(props: Provisioning): void {
  for (const prop of ["provisionBuckets", "versioning"] as const) {
    const value: unknown = props[prop];
    if (value !== undefined && typeof value !== "boolean")
      throw new InvalidPropsError(`${prop} must be true or false, got ${JSON.stringify(value)}`);
  }
  if (props.versioning && !props.provisionBuckets)
    throw new InvalidPropsError(
      "versioning is true but provisionBuckets is false: versioning is set only on buckets this strategy creates; set provisionBuckets: true, or turn versioning on at the store yourself",
    );
}
