import { ValidateBinaryVersion } from "cdktf/lib/validations/validate-binary-version";

/** The fields cdktf keeps protected; together they decide the outcome of validate(). */
interface VersionCheck {
  readonly binary: string;
  readonly versionConstraint: string;
  readonly versionCommand: string;
  readonly hint?: string;
}

/**
 * Runs each of cdktf's binary version checks once per synthesis instead of once per resource.
 *
 * cdktf's DataResource (terraform_data; the volume fingerprint guard has two per workspace) checks at
 * synthesis that Terraform is recent enough by running `terraform version` in a shell, once per resource,
 * which cost more than everything else a workspace does (docs/performance.md). The binary and its
 * answer cannot change during one synthesis, so the first answer for the same command, constraint and hint
 * is reused; the outcome of every check, errors included, stays what it was.
 *
 * Only the app installs this; the construct library never touches cdktf's classes.
 */
export function checkBinaryVersionsOnce(): void {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called as validate.call(this) below
  const validate = ValidateBinaryVersion.prototype.validate;
  const outcomes = new Map<string, string[]>();
  ValidateBinaryVersion.prototype.validate = function (this: ValidateBinaryVersion): string[] {
    const check = this as unknown as VersionCheck;
    const key = JSON.stringify([check.binary, check.versionConstraint, check.versionCommand, check.hint]);
    if (!outcomes.has(key)) outcomes.set(key, validate.call(this));
    return [...outcomes.get(key)!];
  };
}
