/*
 * The default pin, in a file of its own: the defaults (defaults.ts) and the knobs (knobs.ts, whose upstream
 * defaults are read at it) both need it, and defaults.ts imports knobs.ts.
 */

/**
 * Pinned upstream revision of ghcr.io/get-convex/convex-backend and convex-dashboard.
 * a9a760ca (2026-03-24) is a published tag that includes every S3 switch upstream has
 * (AWS_S3_DISABLE_SSE / _CHECKSUMS / _FORCE_PATH_STYLE since 2025-09-03, the per-part
 * checksum fix since 2025-10-15).
 */
export const DEFAULT_CONVEX_VERSION = "a9a760ca10399ed42e1b4bb87c78539a235488c7";
