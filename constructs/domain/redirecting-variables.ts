/*
 * Variables the backend's image reads that would take the deployment somewhere its typed props do not say:
 * its data and files elsewhere than the volume the fingerprint describes, its credentials from elsewhere
 * than the keys it is given, or its process running other code. ConvexBackend's escape hatch
 * (unsafeRawEnvironment) refuses them, naming what to use instead. Read at the default pin a9a760ca
 * (get-convex/convex-backend at a9a760ca10399ed42e1b4bb87c78539a235488c7); the AWS SDK's variables are
 * those of aws-config 1.6.2 and aws-sdk-s3 1.112.0, the versions its Cargo.lock pins, as documented in
 * https://docs.aws.amazon.com/sdkref/latest/guide/settings-reference.html.
 */

/** What a variable would redirect. */
type Redirection = "storage" | "credentials" | "process";

export interface RedirectingVariable {
  /** The variable, or with `prefix` every variable whose name starts with it. */
  readonly name: string;
  readonly prefix?: boolean;
  readonly redirects: Redirection;
  /** What it would do, in a phrase. */
  readonly does: string;
  /** The typed prop or field to use instead, or why there is none. */
  readonly instead: string;
  /** Where upstream reads it (file and line at the pin, or the SDK's reference). */
  readonly source: string;
}

const DATA =
  "the data volume (ConvexDataVolume, mounted at /convex/data) and the storage strategy; the fingerprint on the volume describes those";
const CREDENTIALS =
  "the storage strategy's credentials (S3Credentials: sensitive variables), the only keys the backend is given";
const NO_TYPED_FORM = "nothing: no deployment needs it, and it runs other code in the backend";

export const REDIRECTING_VARIABLES: readonly RedirectingVariable[] = [
  // Where the data and files are.
  {
    name: "DATA_DIR",
    redirects: "storage",
    does: "moves the database, the files and the credentials out of the data volume",
    instead: DATA,
    source: "self-hosted/docker-build/run_backend.sh:3, read_credentials.sh:3",
  },
  {
    name: "STORAGE_DIR",
    redirects: "storage",
    does: "moves local file storage out of the data volume",
    instead: DATA,
    source: "self-hosted/docker-build/run_backend.sh:5",
  },
  {
    name: "SQLITE_DB",
    redirects: "storage",
    does: "moves the SQLite database out of the data volume",
    instead: DATA,
    source: "self-hosted/docker-build/run_backend.sh:6",
  },
  {
    name: "TMPDIR",
    redirects: "storage",
    does: "moves the backend's temporary files (uploads in flight, exports) out of the data volume",
    instead: DATA,
    source: "self-hosted/docker-build/run_backend.sh:4",
  },
  {
    name: "CREDENTIALS_DIR",
    redirects: "storage",
    does: "moves the instance secret and name the image keeps out of the data volume",
    instead: "instanceSecret (a sensitive variable) and instanceName",
    source: "self-hosted/docker-build/read_credentials.sh:4",
  },
  {
    name: "AWS_ENDPOINT_URL",
    prefix: true,
    redirects: "storage",
    does: "sends S3 requests (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_S3) or credential requests (AWS_ENDPOINT_URL_STS) to another endpoint than the storage's",
    instead:
      "the storage strategy's endpoint (CephViaGatewayProps.endpoint, SyncTarget.endpoint), emitted as S3_ENDPOINT_URL",
    source:
      "aws-config 1.6.2: endpoint_url and service-specific endpoints (crates/aws_utils/src/lib.rs:57 loads aws_config::defaults)",
  },
  {
    name: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    redirects: "storage",
    does: "makes the SDK drop the storage's endpoint",
    instead: "the storage strategy's endpoint",
    source: "aws-config 1.6.2: ignore_configured_endpoint_urls",
  },
  {
    name: "AWS_USE_FIPS_ENDPOINT",
    redirects: "storage",
    does: "sends S3 requests to AWS's FIPS endpoints instead of the storage's",
    instead: "the storage strategy's endpoint and region",
    source: "aws-config 1.6.2: use_fips_endpoint",
  },
  {
    name: "AWS_USE_DUALSTACK_ENDPOINT",
    redirects: "storage",
    does: "sends S3 requests to AWS's dual-stack endpoints instead of the storage's",
    instead: "the storage strategy's endpoint and region",
    source: "aws-config 1.6.2: use_dualstack_endpoint",
  },
  {
    name: "AWS_DEFAULT_REGION",
    redirects: "storage",
    does: "gives the SDK a region the storage strategy did not",
    instead: "the storage strategy's region (AwsS3Props.region, CephViaGatewayProps.region)",
    source: "aws-config 1.6.2: region",
  },
  // Where the credentials come from.
  {
    name: "AWS_PROFILE",
    redirects: "credentials",
    does: "makes the SDK take keys from a profile of a config file",
    instead: CREDENTIALS,
    source: "crates/aws_utils/src/lib.rs:75 (the default credentials chain), aws-config 1.6.2: profile",
  },
  {
    name: "AWS_CONFIG_FILE",
    redirects: "credentials",
    does: "points the SDK at another config file, with its profiles and endpoints",
    instead: CREDENTIALS,
    source: "aws-config 1.6.2: config_file",
  },
  {
    name: "AWS_SHARED_CREDENTIALS_FILE",
    redirects: "credentials",
    does: "points the SDK at another credentials file",
    instead: CREDENTIALS,
    source: "aws-config 1.6.2: shared_credentials_file",
  },
  {
    name: "AWS_WEB_IDENTITY_TOKEN_FILE",
    redirects: "credentials",
    does: "makes the SDK assume a role with a token file",
    instead: CREDENTIALS,
    source: "aws-config 1.6.2: web_identity_token_file",
  },
  {
    name: "AWS_ROLE_ARN",
    redirects: "credentials",
    does: "makes the SDK assume another role",
    instead: CREDENTIALS,
    source: "aws-config 1.6.2: role_arn",
  },
  {
    name: "AWS_ROLE_SESSION_NAME",
    redirects: "credentials",
    does: "names the session of an assumed role",
    instead: CREDENTIALS,
    source: "aws-config 1.6.2: role_session_name",
  },
  {
    name: "AWS_CONTAINER_CREDENTIALS_",
    prefix: true,
    redirects: "credentials",
    does: "makes the SDK fetch keys from a URL (AWS_CONTAINER_CREDENTIALS_FULL_URI, _RELATIVE_URI)",
    instead: CREDENTIALS,
    source: "aws-config 1.6.2: container credentials provider",
  },
  {
    name: "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    prefix: true,
    redirects: "credentials",
    does: "sends a token to a credentials URL (also _FILE)",
    instead: CREDENTIALS,
    source: "aws-config 1.6.2: container credentials provider",
  },
  {
    name: "AWS_EC2_METADATA_",
    prefix: true,
    redirects: "credentials",
    does: "makes the SDK ask another instance-metadata endpoint for keys, or none",
    instead: CREDENTIALS,
    source: "aws-config 1.6.2: IMDS (ec2_metadata_service_endpoint, ec2_metadata_disabled)",
  },
  {
    name: "HOME",
    redirects: "credentials",
    does: "moves ~/.aws (the SDK's config and credentials files) and ~/.nvm (where the node binary for node actions is looked for)",
    instead: CREDENTIALS,
    source: "crates/node_executor/src/local.rs:163; aws-config 1.6.2: ~/.aws/config",
  },
  {
    name: "SSLKEYLOGFILE",
    redirects: "credentials",
    does: "writes the TLS session keys of the database connection to a file",
    instead: NO_TYPED_FORM,
    source: "crates/postgres/src/lib.rs:446",
  },
  {
    name: "SSL_CERT_FILE",
    redirects: "credentials",
    does: "replaces the trust store the TLS connections are verified with",
    instead: "SqlDatabaseProps.caFile for a private database CA",
    source: "the TLS libraries' documented variables (OpenSSL, rustls-native-certs)",
  },
  {
    name: "SSL_CERT_DIR",
    redirects: "credentials",
    does: "replaces the trust store the TLS connections are verified with",
    instead: "SqlDatabaseProps.caFile for a private database CA",
    source: "the TLS libraries' documented variables (OpenSSL, rustls-native-certs)",
  },
  // What the process runs.
  {
    name: "PATH",
    redirects: "process",
    does: "changes which node binary runs node actions, and every command the entrypoint runs",
    instead: NO_TYPED_FORM,
    source: "crates/node_executor/src/local.rs:170 (`node` from the PATH); self-hosted/docker-build/run_backend.sh",
  },
  {
    name: "LD_PRELOAD",
    redirects: "process",
    does: "loads a library into the backend process",
    instead: NO_TYPED_FORM,
    source: "the dynamic loader, ld.so(8)",
  },
  {
    name: "LD_LIBRARY_PATH",
    redirects: "process",
    does: "loads the backend's libraries from elsewhere",
    instead: NO_TYPED_FORM,
    source: "the dynamic loader, ld.so(8)",
  },
  {
    name: "LD_AUDIT",
    redirects: "process",
    does: "loads an auditing library into the backend process",
    instead: NO_TYPED_FORM,
    source: "the dynamic loader, ld.so(8)",
  },
  {
    name: "GLIBC_TUNABLES",
    redirects: "process",
    does: "changes the C library's behaviour in the backend process",
    instead: NO_TYPED_FORM,
    source: "the C library, ld.so(8)",
  },
  {
    name: "BASH_ENV",
    redirects: "process",
    does: "makes bash run a file before the entrypoint (run_backend.sh is a bash script)",
    instead: NO_TYPED_FORM,
    source: "self-hosted/docker-build/run_backend.sh:1; bash(1)",
  },
  {
    name: "ENV",
    redirects: "process",
    does: "makes a shell run a file at start",
    instead: NO_TYPED_FORM,
    source: "bash(1), sh(1)",
  },
  {
    name: "SHELLOPTS",
    redirects: "process",
    does: "changes how bash runs the entrypoint",
    instead: NO_TYPED_FORM,
    source: "bash(1)",
  },
  {
    name: "BASHOPTS",
    redirects: "process",
    does: "changes how bash runs the entrypoint",
    instead: NO_TYPED_FORM,
    source: "bash(1)",
  },
  {
    name: "NODE_OPTIONS",
    redirects: "process",
    does: "makes the node process of node actions load other code (--require, --import)",
    instead: NO_TYPED_FORM,
    source: "crates/node_executor/src/local.rs:174 spawns node; node(1)",
  },
  {
    name: "NODE_PATH",
    redirects: "process",
    does: "makes the node process of node actions resolve modules from elsewhere",
    instead: NO_TYPED_FORM,
    source: "crates/node_executor/src/local.rs:174 spawns node; node(1)",
  },
  {
    name: "ISOLATE_V8_FLAGS",
    redirects: "process",
    does: "passes flags to the V8 isolates that run every query, mutation and action (it can undo --disallow-code-generation-from-strings)",
    instead: NO_TYPED_FORM,
    source: "crates/isolate/src/client.rs:598",
  },
];

/** The entry that refuses `variable`, if one does. */
export function redirectingVariable(variable: string): RedirectingVariable | undefined {
  return REDIRECTING_VARIABLES.find((entry) =>
    entry.prefix ? variable.startsWith(entry.name) : variable === entry.name,
  );
}
