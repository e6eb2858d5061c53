/** The name of a secret the stack can take: its Terraform variable, set as TF_VAR_<name>. */
export type SecretName =
  | "instance_secret"
  | "storage_access_key_id"
  | "storage_secret_access_key"
  | "storage_session_token"
  | "sync_access_key_id"
  | "sync_secret_access_key"
  | "dashboard_password_hash"
  | "database_url";

/** What a secret's variable says of it, and the pattern its value must match (when it has one). */
export interface SecretSpec {
  /** What the secret is, as the variable's description says. */
  readonly description: string;
  /** A regular expression (Terraform's syntax) the value must match. @default none */
  readonly pattern?: string;
}

/**
 * Every secret the stack can take, as a sensitive Terraform variable: users set TF_VAR_<name>, nothing
 * secret is ever written to a workspace file or to synthesized JSON. Tools of this project that need a
 * secret (the doctor) read the same TF_VAR_ variables.
 */
export const SECRET_VARIABLES: Readonly<Record<SecretName, SecretSpec>> = {
  instance_secret: {
    description:
      "INSTANCE_SECRET of the Convex backend: 64 hex characters (32 bytes). Rotating it invalidates every admin key.",
    pattern: "^[0-9a-fA-F]{64}$",
  },
  storage_access_key_id: { description: "Access key id the backend uses for its S3 buckets." },
  storage_secret_access_key: { description: "Secret access key the backend uses for its S3 buckets." },
  storage_session_token: { description: "Session token of temporary S3 credentials for the backend." },
  sync_access_key_id: { description: "Access key id of the LocalPlusSync sidecar (no other container receives it)." },
  sync_secret_access_key: {
    description: "Secret access key of the LocalPlusSync sidecar (no other container receives it).",
  },
  dashboard_password_hash: {
    description:
      "bcrypt hash of the password the front door asks for in front of the dashboard (`caddy hash-password`, or `htpasswd -nbBC 14 '' <password> | cut -c2-`).",
    // Written without backslashes: the pattern is pasted into an HCL string, where `\$` is not an escape.
    pattern: "^[$]2[aby]?[$][0-9]{2}[$][./A-Za-z0-9]{53}$",
  },
  database_url: {
    description: "postgres:// or mysql:// URL of the database server, with a user name and WITHOUT a database path.",
  },
};

/** The environment variable a user sets for a secret, e.g. TF_VAR_database_url. */
export function secretEnvName(name: SecretName): string {
  return `TF_VAR_${name}`;
}
