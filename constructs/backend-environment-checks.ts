import { Token } from "cdktf";
import { S3_BUCKET_VARIABLES } from "./domain/buckets";
import { InvalidPropsError } from "./domain/errors";
import { readingOf, trackedVariables, unreadKnobs } from "./domain/knob-environment";
import { type BackendKnobs, knobByVariable } from "./domain/knobs";
import { s3StartOf } from "./domain/s3-entrypoint";
import { S3_KEY_VARIABLES } from "./domain/upstream-contract";
import type { Environment } from "./environment";

/**
 * Refuses a backend environment the image of `version` would silently ignore or fall back on: a knob it
 * does not read, a storage switch it does not read (AWS_S3_DISABLE_RANGE_PREFETCH before 2026-07-18), and
 * S3 variables its entrypoint would not start S3 with (no static keys before 2026-04-09). An undated
 * version is refused where that matters, never assumed fine.
 */
export function assertBackendReads(version: string, knobs: BackendKnobs, storageEnvironment: Environment): void {
  const problems = unreadKnobs(version, knobs).map(
    (knob) => `knobs.${knob.prop} (${knob.variable}): ${knob.reading.why}`,
  );
  const tracked = trackedVariables();
  for (const [variable, value] of Object.entries(storageEnvironment)) {
    if (value === undefined || !tracked.has(variable)) continue;
    const reading = readingOf(version, variable);
    if (reading.kind !== "read") problems.push(`storage: sets ${variable}, but ${reading.why}`);
  }
  if (storageEnvironment.AWS_REGION !== undefined) {
    const given = new Set(
      Object.keys(storageEnvironment).filter((variable) => storageEnvironment[variable] !== undefined),
    );
    const start = s3StartOf(version, given);
    if (start.kind !== "s3") {
      problems.push(
        `storage: ${start.why}. Give the backend static keys (credentials), or use a revision whose entrypoint starts S3 without them`,
      );
    }
  }
  if (problems.length > 0) throw new InvalidPropsError(problems.join("\n"));
}

/** Variables the library sets from typed props, whichever of them a given backend uses. */
const MANAGED_VARIABLES: ReadonlySet<string> = new Set([
  "INSTANCE_NAME",
  "INSTANCE_SECRET",
  "CONVEX_CLOUD_ORIGIN",
  "CONVEX_SITE_ORIGIN",
  "RUST_LOG",
  "DISABLE_BEACON",
  "REDACT_LOGS_TO_CLIENT",
  // The database: a raw one would switch what the volume's fingerprint says the data lives in.
  "POSTGRES_URL",
  "MYSQL_URL",
  "DATABASE_URL",
  "DO_NOT_REQUIRE_SSL",
  "PG_CA_FILE",
  "MYSQL_CA_FILE",
  // Storage, likewise.
  "AWS_REGION",
  "S3_ENDPOINT_URL",
  "AWS_SESSION_TOKEN",
  "AWS_S3_FORCE_PATH_STYLE",
  "AWS_S3_DISABLE_SSE",
  "AWS_S3_DISABLE_CHECKSUMS",
  ...S3_KEY_VARIABLES,
  ...S3_BUCKET_VARIABLES,
]);

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The escape hatch takes only variables this project does not know, with values upstream can tell from unset. */
export function assertRawEnvironment(raw: { readonly [variable: string]: string }, environment: Environment): void {
  const problems: string[] = [];
  const tracked = trackedVariables();
  for (const [variable, value] of Object.entries(raw)) {
    const where = `unsafeRawEnvironment.${variable}`;
    const knob = knobByVariable(variable);
    if (!VARIABLE_NAME.test(variable))
      problems.push(`${where}: not an environment variable name (letters, digits and '_', not starting with a digit)`);
    else if (knob)
      problems.push(
        `${where}: is a typed knob; use knobs.${knob.prop}, which is checked against the revision and emitted in the form it parses`,
      );
    else if (MANAGED_VARIABLES.has(variable) || variable in environment || tracked.has(variable)) {
      problems.push(
        `${where}: is set by this library from its typed props (storage, database, origins...); set it there`,
      );
    } else if (typeof value !== "string" || (!Token.isUnresolved(value) && value === "")) {
      problems.push(
        `${where}: must be a non-empty string; upstream treats "set but empty" differently from "unset", so leave the variable out instead`,
      );
    }
  }
  if (problems.length > 0) throw new InvalidPropsError(problems.join("\n"));
}
