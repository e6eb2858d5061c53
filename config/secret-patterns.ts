import { type SecretShape, secretEnvName, secretShapeOf } from "../constructs/domain";

/** What a secret-looking value probably is, and where it belongs instead. */
export interface SecretKind {
  readonly what: string;
  /** Where the value belongs: a TF_VAR_ variable or another place, as advice. */
  readonly instead: string;
}

const S3_PAIR = `${secretEnvName("storage_access_key_id")} / ${secretEnvName("storage_secret_access_key")} (backend buckets) or ${secretEnvName("sync_access_key_id")} / ${secretEnvName("sync_secret_access_key")} (LocalPlusSync target)`;

/** Where each shape of secret (constructs/domain/secret-shapes.ts) belongs instead of a workspace file. */
const INSTEAD: Readonly<Record<SecretShape, string>> = {
  pem: "keep it in a file on the Docker host and name that file (database.caFile for a CA bundle); private keys belong in no file of this project",
  "aws-access-key-id": S3_PAIR,
  "url-password": `${secretEnvName("database_url")} for a database server; S3 credentials go in ${S3_PAIR}`,
  "admin-key":
    "CONVEX_SELF_HOSTED_ADMIN_KEY in your shell or CI secrets; the stack's admin_key_command output prints a fresh one",
  "instance-secret": `${secretEnvName("instance_secret")} with convex.instanceSecret: "terraformVariable" (or "generated", the default, which keeps it inside the volume)`,
  "aws-secret-key": S3_PAIR,
};

/** The kind of secret `text` looks like, or undefined. Never returns or logs the text itself. */
export function secretKindOf(text: string): SecretKind | undefined {
  const found = secretShapeOf(text);
  return found && { what: found.what, instead: INSTEAD[found.shape] };
}

export function looksSecret(text: string): boolean {
  return secretShapeOf(text) !== undefined;
}

/** Words to print instead of a value that must not be echoed. */
export const REDACTED = "a secret-looking value (not shown)";
