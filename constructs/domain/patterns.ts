/*
 * Formats: what values may hold that reach container environments, Terraform strings and the sync sidecar's
 * `sh -c` command. One home: the constructs enforce them (at synthesis for known values, at plan for tokens)
 * and a configuration layer (this repository's workspace-file schema) checks its fields with them.
 */

/**
 * One test of a value: it must (or must not) match `pattern`. Patterns use only syntax that JavaScript and
 * Terraform's regex (RE2) read alike, so the same test runs at synthesis and, for tokens, at plan.
 */
export interface PatternCheck {
  /** A regular expression without flags. */
  readonly pattern: RegExp;
  /** true: the value must match; false: it must not. */
  readonly matches: boolean;
  /** Why a value failing this test is refused, for messages. @default the format's `allowed` */
  readonly problem?: string;
}

/** What a string prop may hold: every check must pass. */
export interface ValueFormat {
  /** What is allowed, for messages: "a URL starting with http:// or https://". */
  readonly allowed: string;
  /** The tests a value must pass, all of them. */
  readonly checks: readonly PatternCheck[];
}

/** The first reason `value` does not keep `format`, or undefined when it keeps it. */
export function formatProblem(format: ValueFormat, value: string): string | undefined {
  const failed = format.checks.find((check) => check.pattern.test(value) !== check.matches);
  if (!failed) return undefined;
  return failed.problem ?? format.allowed;
}

function matching(pattern: RegExp, allowed: string): ValueFormat {
  return { allowed, checks: [{ pattern, matches: true }] };
}

/** Characters inert in an environment value, a Terraform string and a shell word. */
export const INERT_CHARACTERS = "A-Za-z0-9._-";

/** A non-blank name of inert characters only (regions, bucket prefixes). */
const INERT_NAME_PATTERN = new RegExp(`^[${INERT_CHARACTERS}]+$`);

/** An S3-compatible gateway's region (an RGW zonegroup): free-form within the inert characters. */
export const GATEWAY_REGION_FORMAT = matching(INERT_NAME_PATTERN, "a region name of letters, digits, '.', '_' and '-'");

/** An AWS region such as eu-central-1. */
const AWS_REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;
export const AWS_REGION_FORMAT = matching(AWS_REGION_PATTERN, "an AWS region such as eu-central-1");

/** Folders separated by '/', none starting with a dot (so no `..`); also safe inside the sidecar's shell command. */
const SYNC_PREFIX_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

/** What SYNC_PREFIX_PATTERN allows, for messages. */
const SYNC_PREFIX_ALLOWED = "folders of letters, digits, '.', '_', '-' separated by '/', without a leading '/' or '.'";
export const SYNC_PREFIX_FORMAT = matching(SYNC_PREFIX_PATTERN, SYNC_PREFIX_ALLOWED);

/** A RUST_LOG filter such as `info` or `info,common=debug`. */
const RUST_LOG_PATTERN = /^[A-Za-z0-9_:=,.]+$/;
export const RUST_LOG_FORMAT = matching(RUST_LOG_PATTERN, "a RUST_LOG filter such as info or info,common=debug");

/** A URL the backend accepts as an origin or endpoint. */
const HTTP_URL_PATTERN = /^https?:\/\/[^\s/]+(\/[^\s]*)?$/;
export const HTTP_URL_FORMAT = matching(HTTP_URL_PATTERN, "a URL starting with http:// or https://");

/** A Docker image tag (Docker's own grammar): the backend's and dashboard's `version`. */
const IMAGE_TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
export const IMAGE_TAG_FORMAT = matching(IMAGE_TAG_PATTERN, "a Docker image tag (letters, digits, '_', '.', '-')");

/** An absolute path on the Docker host (a CA bundle mounted into the backend). */
const HOST_PATH_PATTERN = /^\/\S+$/;
export const HOST_PATH_FORMAT = matching(HOST_PATH_PATTERN, "an absolute path on the Docker host");

/** A dotted-quad IPv4 address, each part 0-255. */
export const IPV4_PATTERN =
  /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])$/;

/** An IPv6 address, full or compressed (`::1`, `::`). */
export const IPV6_PATTERN =
  /^(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:((:[0-9a-fA-F]{1,4}){1,6})|:((:[0-9a-fA-F]{1,4}){1,7}|:))$/;

/** The host address ports are published on: IPv4 or IPv6. */
export const IP_ADDRESS_FORMAT = matching(
  new RegExp(`${IPV4_PATTERN.source}|${IPV6_PATTERN.source}`),
  "an IP address such as 127.0.0.1, 0.0.0.0, ::1 or ::",
);

/** A loopback address: what is published there is reachable from the Docker host alone. */
export const LOOPBACK_ADDRESS_FORMAT = matching(
  /^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$|^::1$|^0:0:0:0:0:0:0:1$/,
  "a loopback address such as 127.0.0.1 or ::1",
);

/** An ACME account's contact address. No braces, `$` or `%`: it is written into Caddy's configuration and a Terraform string. */
export const ACME_EMAIL_FORMAT = matching(
  /^[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/,
  "an e-mail address such as ops@example.com",
);

/** An ACME directory: an https URL of plain characters (Let's Encrypt's, step-ca's, pebble's). */
export const ACME_DIRECTORY_FORMAT = matching(
  /^https:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?(\/[A-Za-z0-9._~/-]*)?$/,
  "an https URL such as https://acme-v02.api.letsencrypt.org/directory",
);

/** A basic-auth user name. Caddy would read `{...}` in it as a placeholder. */
export const BASIC_AUTH_USERNAME_FORMAT = matching(
  /^[A-Za-z0-9._-]{1,64}$/,
  "a user name of 1-64 letters, digits, '.', '_' and '-'",
);
