import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { secretEnvName, type SecretName } from "../constructs/domain";
import { type CheckResult, fail, pass } from "./check";

/** Where the doctor takes the credentials of an S3 check from: the ones the deploy hands over. */
export interface CredentialsSource {
  /** undefined: the SDK's default chain. */
  readonly credentials?: AwsCredentialIdentity;
  readonly source: string;
  /** Why this source, when it is not the obvious one. */
  readonly note?: string;
  /** Environment variables that must be set and are not. */
  readonly missing: readonly string[];
}

export const DEFAULT_CHAIN = "the SDK default chain of this process (AWS_* variables, profile, instance role)";

/** The credentials in the sensitive variables the deploy reads (TF_VAR_<name>). */
export function fromVariables(
  env: NodeJS.ProcessEnv,
  id: SecretName,
  secret: SecretName,
  token?: SecretName,
): CredentialsSource {
  const names = [id, secret, ...(token ? [token] : [])].map(secretEnvName);
  const missing = names.filter((name) => !env[name]);
  const source = names.join(" / ");
  if (missing.length > 0) return { source, missing };
  const [accessKeyId, secretAccessKey, sessionToken] = names.map((name) => env[name]!);
  return { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) }, source, missing };
}

/** The `<family>: credentials` row: fails when a variable the deploy reads is not set. */
export function credentialsVerdict(check: string, credentials: CredentialsSource): CheckResult {
  if (credentials.missing.length > 0) {
    return fail(
      check,
      `${credentials.missing.join(" and ")} not set: the deploy reads the same variables`,
      `export ${credentials.missing.map((name) => `${name}=...`).join(" ")} (the values the deploy will use), then run the doctor again`,
    );
  }
  return pass(check, `from ${credentials.source}${credentials.note ? `; ${credentials.note}` : ""}`);
}
