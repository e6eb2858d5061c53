/*
 * The default pin, in a file of its own: the defaults (defaults.ts) and the knobs (knobs.ts, whose upstream
 * defaults are read at it) both need it, and defaults.ts imports knobs.ts.
 */

/**
 * Pinned upstream revision of ghcr.io/get-convex/convex-backend and convex-dashboard: 652b828b (2026-08-21),
 * the newest head of upstream's release branch in the catalogue (its precompiled builds
 * precompiled-2026-08-21-652b828 and -08-22-652b828 say it was pushed to release, which builds its images:
 * .github/workflows/release_self_hosted_images.yml:3-7). It has every S3 switch (AWS_S3_DISABLE_SSE /
 * _CHECKSUMS / _FORCE_PATH_STYLE / _RANGE_PREFETCH), an entrypoint that starts S3 without static keys, and
 * database version 128. The previous default, a9a760ca (2026-03-24, database version 124), stays in the
 * downgrade guard's record (upstream-revisions.ts); docs/upgrades.md names the way from it.
 */
export const DEFAULT_CONVEX_VERSION = "652b828b5129e6cdbcaa3c20efa8d116d09ff3bf";
