/*
 * Character rules for values that reach container environments, Terraform strings and the sync sidecar's
 * `sh -c` command. One home: the constructs enforce them and the workspace-file schema imports them.
 */

/** Characters inert in an environment value, a Terraform string and a shell word. */
export const INERT_CHARACTERS = "A-Za-z0-9._-";

/** A non-blank name of inert characters only (regions, bucket prefixes). */
export const INERT_NAME_PATTERN = new RegExp(`^[${INERT_CHARACTERS}]+$`);

/** Folders separated by '/', none starting with a dot (so no `..`); also safe inside the sidecar's shell command. */
export const SYNC_PREFIX_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

/** What SYNC_PREFIX_PATTERN allows, for messages. */
export const SYNC_PREFIX_ALLOWED = "folders of letters, digits, '.', '_', '-' separated by '/', without a leading '/' or '.'";

/** A RUST_LOG filter such as `info` or `info,common=debug`. */
export const RUST_LOG_PATTERN = /^[A-Za-z0-9_:=,.]+$/;

/** A URL the backend accepts as an origin or endpoint. */
export const HTTP_URL_PATTERN = /^https?:\/\/[^\s/]+(\/[^\s]*)?$/;
