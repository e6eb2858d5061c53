import { contractAt, contractRows, describeRevision, howToDate, S3_KEY_VARIABLES } from "./upstream-contract";

/**
 * Whether the entrypoint of an image starts with S3 storage when given these variables (the names of
 * the non-empty ones). Its fallback is silent: it prints "Falling back to local storage" and starts with
 * local storage, while everything around it (the volume's labels, the doctor) believes in S3, and a later
 * image that does start with S3 then refuses the database ("Database was initialized with Local...").
 */
export type S3Start =
  | { readonly kind: "s3" }
  | { readonly kind: "falls-back"; readonly missing: readonly string[]; readonly why: string }
  | { readonly kind: "unknown"; readonly why: string };

/**
 * Whether the image of `version` starts with S3 storage when the variables named in `given` are set (non-empty),
 * or silently falls back to local storage, or cannot be known (an undated revision).
 */
export function s3StartOf(version: string, given: ReadonlySet<string>): S3Start {
  const contract = contractAt(version);
  const firstWithoutKeys = contractRows().find(
    (row) => row.s3Requires && !row.s3Requires.some((v) => (S3_KEY_VARIABLES as readonly string[]).includes(v)),
  );
  const since = firstWithoutKeys
    ? ` (the check went at ${describeRevision(firstWithoutKeys)}, https://github.com/get-convex/convex-backend/pull/434)`
    : "";
  if (contract.kind === "unknown") {
    const keysGiven = S3_KEY_VARIABLES.every((v) => given.has(v));
    if (keysGiven) return { kind: "s3" };
    return {
      kind: "unknown",
      why: `whether the entrypoint of revision "${version}" starts with S3 without ${S3_KEY_VARIABLES.join(" and ")} is unknown: entrypoints before ${firstWithoutKeys ? describeRevision(firstWithoutKeys) : "that change"} need them${since}; ${howToDate(version)}`,
    };
  }
  if (!contract.s3Requires) {
    return {
      kind: "falls-back",
      missing: [],
      why: `${describeRevision(contract)} has no S3 storage at all: its entrypoint always starts with local storage`,
    };
  }
  const missing = contract.s3Requires.filter((v) => !given.has(v));
  if (missing.length === 0) return { kind: "s3" };
  const row = contractRows()
    .filter((r) => r.s3Requires && r.position <= contract.position)
    .pop();
  return {
    kind: "falls-back",
    missing,
    why:
      `the entrypoint of ${describeRevision(contract)} uses S3 only when ${contract.s3Requires.join(", ")} are all set` +
      `${row ? ` (self-hosted/docker-build/run_backend.sh, from ${row.revision.slice(0, 8)})` : ""}; without ${missing.join(" and ")} it prints ` +
      `"Warning: Some AWS/S3 environment variables are missing. Falling back to local storage." and stores every file in the volume${since}`,
  };
}
