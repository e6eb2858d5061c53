import type { ValueFormat } from "./patterns";
import { catalogueEntry } from "./upstream-catalogue";

/**
 * Upstream image tags are git revisions of get-convex/convex-backend. The catalogue
 * (constructs/domain/upstream-catalogue.ts) dates every revision it holds; these are the ones the downgrade
 * guard records (constructs/downgrade-guard.ts: one instance per revision a deployment has reached, keyed
 * `<revision> (<date>)`). A revision stays here for good, with its date unchanged: a deployment that
 * recorded it would otherwise see its instance removed, which the plan refuses. A test keeps every date
 * equal to the catalogue's.
 */
export const KNOWN_REVISIONS: Readonly<Record<string, string>> = {
  // The first revision of the public history; images older than it were never published.
  "0780bbe665aefde21f694f7ea7c0d8b99e80574c": "2024-03-08",
  "2687520222602d438fc83e779a0e645f7db0bf9f": "2024-03-13",
  b0e9358525eb25ba69cf80d4ef06be636694ca4b: "2024-03-25",
  "161e32648a971fb8ef591e61212f7b9fb7ff4f2c": "2025-02-26",
  "478d197d54ee6e873f06cf9e9deae1eb4aa35bb5": "2025-05-23",
  c1a7ac393888d743e704de56cf569a154b4526d4: "2025-05-29",
  dd1a8eb384a87dff89b4d0165ba71d3064981986: "2025-06-17",
  "6efab6f2b6c182b90255774d747328cfc7b80dd9": "2025-07-01",
  "33cef775a8a6228cbacee4a09ac2c4073d62ed13": "2025-08-05",
  "08139ef318b1898dad7731910f49ba631631c902": "2025-08-27",
  "00bd92723422f3bff968230c94ccdeb8c1719832": "2025-09-03",
  "4d3b0a5de955a258e70e3813bbff486051d88820": "2025-09-12",
  d5907925755a44294eb33cb5ffff611ed6ddb6f7: "2026-03-05",
  a9a760ca10399ed42e1b4bb87c78539a235488c7: "2026-03-24",
  ca1f91cde3a0ea21ec2dfe4879f8999aab24e5b6: "2026-04-09",
  f7b9e1aba75fe9185f2687bc390ec7c19e9aa8de: "2026-04-23",
  a461fb8068d1a0be4585f007ef98f5279c95e17a: "2026-07-02",
  "2c2e0f662b0ef02779028c5a8fca2322ae1b4cce": "2026-07-18",
  // Added with the default pin 652b828b: every revision at which the database version changes from the first
  // published image on (the catalogue's fact `database-version`; a test keeps them all here), and the pin.
  fcc2ebb8278c56e756bcbb80570c4edcf0825059: "2025-02-20",
  "557771d08bc5d471d1535b7ba0c2370b9e362b31": "2025-03-27",
  "74616bbd029301d7218bd1fd919fe8f977346549": "2025-04-01",
  bd937e78cdb78e62dbf6dcca43d1c979d1ad4443: "2025-04-02",
  "84ac56f7a73a133f6c338bfb8af9132e8ade4612": "2025-07-02",
  ff3afedf501eab8efc8eef9c1fbea305d204b221: "2025-07-14",
  "8091248c8330af069efe2983ff2f85bd0651457d": "2025-08-27",
  "93422a07a9f03240be35346106de8315cd2a0a13": "2025-11-12",
  "83f2b700a8aa0bd9e57fac3762220a71c4d144e7": "2025-11-20",
  "955f43845d3ea24b978a1d67bac35be26cdafe0e": "2026-05-11",
  c3f9a5c8d3e8786df9dee7746dc72268d584a701: "2026-05-11",
  aed619e18e2f8846b835fb2c6920d569716e86b6: "2026-05-12",
  "6cb5179b570b96f47ce7cb1821a2df4bc1b04595": "2026-06-27",
  "581e3e3a0f7d779ba49e3347260a65c561c0d531": "2026-07-14",
  b49786113228cc7c20a0c1657a5c5f632899a6a2: "2026-07-14",
  "7c396b7523dd2c009d6b9835515607c3b974d891": "2026-08-14",
  "52deedc3b55cd1e5be5fbdf713c587268a0dc034": "2026-08-17",
  "652b828b5129e6cdbcaa3c20efa8d116d09ff3bf": "2026-08-21",
};

/** The one floating tag upstream publishes; it is always the newest image. */
export const LATEST_TAG = "latest";

/** A pinned image tag: a full upstream git revision (upstream tags images with nothing shorter). */
export const PINNED_REVISION_FORMAT: ValueFormat = {
  allowed: "a full 40-character lower-case upstream revision",
  checks: [{ pattern: /^[0-9a-f]{40}$/, matches: true }],
};

/** A revision's commit date, as its commit page shows it. */
export const COMMIT_DATE_FORMAT: ValueFormat = {
  allowed: "a commit date as YYYY-MM-DD",
  checks: [{ pattern: /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/, matches: true }],
};

export type RevisionAge =
  | { readonly kind: "dated"; readonly date: string }
  /** `latest`: newer than every dated revision. */
  | { readonly kind: "newest" }
  /** A tag the catalogue does not hold. */
  | { readonly kind: "unknown" };

/** A revision's age as the catalogue knows it. */
export function revisionAge(tag: string): RevisionAge {
  if (tag === LATEST_TAG) return { kind: "newest" };
  const date = catalogueEntry(tag)?.date;
  return date ? { kind: "dated", date } : { kind: "unknown" };
}

/** The URL where a user can read a revision's date. */
export function revisionUrl(tag: string): string {
  return `https://github.com/get-convex/convex-backend/commit/${tag}`;
}
