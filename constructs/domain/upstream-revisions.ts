/**
 * Upstream image tags are git revisions of get-convex/convex-backend. These are the ones whose date this
 * project knows (self-hosted/CHANGELOG.md, plus the pinned default); the rules that depend on an image's
 * age look revisions up here. Add a revision (full 40 characters, commit date) to teach them a new one.
 */
export const KNOWN_REVISIONS: Readonly<Record<string, string>> = {
  "478d197d54ee6e873f06cf9e9deae1eb4aa35bb5": "2025-05-23",
  c1a7ac393888d743e704de56cf569a154b4526d4: "2025-05-29",
  "6efab6f2b6c182b90255774d747328cfc7b80dd9": "2025-07-01",
  "33cef775a8a6228cbacee4a09ac2c4073d62ed13": "2025-08-05",
  "08139ef318b1898dad7731910f49ba631631c902": "2025-08-27",
  "00bd92723422f3bff968230c94ccdeb8c1719832": "2025-09-03",
  "4d3b0a5de955a258e70e3813bbff486051d88820": "2025-09-12",
  a9a760ca10399ed42e1b4bb87c78539a235488c7: "2026-03-24",
};

/** AWS_S3_DISABLE_SSE and AWS_S3_DISABLE_CHECKSUMS exist from this date (upstream PR 198). */
export const S3_SWITCHES_SINCE = "2025-09-03";
/** Parts without a CRC32 are accepted from this date (upstream PR 238): RGW and MinIO work from here. */
export const PART_CHECKSUM_FIX_SINCE = "2025-10-15";

/** The one floating tag upstream publishes; it is always the newest image. */
export const LATEST_TAG = "latest";

/** A pinned image tag: a full upstream git revision (upstream tags images with nothing shorter). */
export function isPinnedRevision(tag: string): boolean {
  return /^[0-9a-f]{40}$/.test(tag);
}

export type RevisionAge =
  | { readonly kind: "dated"; readonly date: string }
  /** `latest`: newer than every dated revision. */
  | { readonly kind: "newest" }
  /** A tag this project cannot date. */
  | { readonly kind: "unknown" };

export function revisionAge(tag: string): RevisionAge {
  if (tag === LATEST_TAG) return { kind: "newest" };
  const date = Object.prototype.hasOwnProperty.call(KNOWN_REVISIONS, tag) ? KNOWN_REVISIONS[tag] : undefined;
  return date ? { kind: "dated", date } : { kind: "unknown" };
}

/** The URL where a user can read a revision's date. */
export function revisionUrl(tag: string): string {
  return `https://github.com/get-convex/convex-backend/commit/${tag}`;
}
