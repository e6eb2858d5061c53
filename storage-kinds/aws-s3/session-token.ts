import { type CheckResult, fail, warn } from "../../probes/check";
import type { S3Observations } from "../../probes/s3-probe";

/** Where a shell that holds temporary credentials keeps their expiry (`aws configure export-credentials --format env` prints it). */
const EXPIRATION_VARIABLE = "AWS_CREDENTIAL_EXPIRATION";

/**
 * TF_VAR_storage_session_token expires and nothing renews it in the backend (rule session-token-expires).
 * The token itself does not say when: the doctor tells when the store already refuses it, or reads the
 * expiry from AWS_CREDENTIAL_EXPIRATION, and otherwise says it cannot tell.
 */
export function sessionTokenVerdict(
  observations: S3Observations,
  env: NodeJS.ProcessEnv,
  now: Date = new Date(),
): CheckResult {
  const check = "storage: session token";
  const renew =
    "export a fresh TF_VAR_storage_session_token (and its keys) and deploy again; for a backend that runs for days, use long-lived keys of a least-privilege user instead";
  const outcomes = [observations.unreachable, ...Object.values(observations.buckets)];
  if (outcomes.some((outcome) => outcome?.code === "ExpiredToken"))
    return fail(check, "the store answered ExpiredToken: the token has expired", renew);
  const text = env[EXPIRATION_VARIABLE];
  const expires = text ? new Date(text) : undefined;
  if (!expires || Number.isNaN(expires.getTime())) {
    return warn(
      check,
      `valid now; when it expires cannot be told (the token does not say${text ? `, and ${EXPIRATION_VARIABLE} is not a date` : `; set ${EXPIRATION_VARIABLE} as \`aws configure export-credentials --format env\` prints it`}), and nothing renews it in the backend`,
      renew,
    );
  }
  const minutes = Math.round((expires.getTime() - now.getTime()) / 60_000);
  if (minutes <= 0) return fail(check, `expired at ${expires.toISOString()} (${EXPIRATION_VARIABLE})`, renew);
  const left = minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
  return warn(
    check,
    `expires at ${expires.toISOString()}, in ${left} (${EXPIRATION_VARIABLE}); after that every upload and download of the backend fails, until a deploy with a fresh token`,
    renew,
  );
}
