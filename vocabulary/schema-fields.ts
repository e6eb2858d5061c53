import { z } from "zod";
import { INERT_CHARACTERS, FORMATS, LIMITS, type ValueFormat } from "../constructs/domain";

/*
 * Field types the workspace file's schema (./workspace-schema.ts) and the storage kinds' parts of it
 * (storage-kinds/) share. The constraints of workspace-schema.ts hold here too: regular expressions without
 * flags, and `.overwrite()` rather than `.transform()`.
 */

/**
 * A string that keeps one of the library's formats (FORMATS of constructs/domain), described in the words the
 * constructs use: the schema and the constructs refuse the same values. Only must-match checks, which
 * become JSON Schema `pattern`s.
 */
export function keeping(format: ValueFormat) {
  if (format.checks.some((check) => !check.matches))
    throw new Error(`the format ${format.allowed} has a must-not-match check, which a JSON Schema pattern cannot say`);
  return format.checks.reduce((schema, check) => schema.regex(check.pattern, format.allowed), z.string());
}

/** A TCP port on the Docker host. */
export const port = z.number().int().min(LIMITS.port.min).max(LIMITS.port.max);

export const httpUrl = keeping(FORMATS.httpUrl).overwrite((url) => url.replace(/\/+$/, ""));

/**
 * Bucket names, bucket prefixes and gateway regions land in container environments, Terraform strings and
 * the sync sidecar's `sh -c` command, so the schema admits only characters inert in all three. It does no
 * more: whether a name is one S3 accepts is rule bucket-names-valid's question, and a blank value (admitted
 * here for that reason) rule s3-settings-complete's or sync-target-complete's; they say what would break upstream.
 */
const INERT_OR_BLANK = new RegExp(`^(?:[${INERT_CHARACTERS}]+|[ \\t]*)$`);

export const inertName = (allowed: string) =>
  z.string().regex(INERT_OR_BLANK, `${allowed}; no other character is allowed`);

/** A gateway's region (an RGW zonegroup name): free-form within the inert characters. */
export const gatewayRegion = inertName(FORMATS.gatewayRegion.allowed);

export const bucketName = inertName("an S3 bucket name: lowercase letters, digits, '.' and '-'");
