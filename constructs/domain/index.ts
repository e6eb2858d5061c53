// The library's pure domain: names, defaults, the volume fingerprint, bucket naming, upstream revisions and
// what each of them reads (knobs, the entrypoint's S3 needs, PostgreSQL TLS, database migrations), backups.
// No cdktf here: the app's validate and doctor load this entry point without loading any construct.
export * from "./buckets";
export * from "./dashboard-variables";
export * from "./defaults";
export * from "./fingerprint";
export * from "./identity";
export * from "./images";
export * from "./knob-environment";
export * from "./knobs";
export * from "./names";
export * from "./patterns";
export * from "./postgres-tls";
export * from "./revision-change";
export * from "./revision-order";
export * from "./s3-entrypoint";
export * from "./secrets";
export * from "./snapshots";
export * from "./upstream-catalogue";
export * from "./upstream-contract";
export * from "./upstream-migrations";
export * from "./upstream-revisions";
export * from "./volume-change";
