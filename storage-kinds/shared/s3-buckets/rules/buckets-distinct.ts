import { BUCKET_PURPOSES } from "../../../../constructs/domain";
import type { Report } from "../../../../vocabulary/rule";
import type { StorageWorkspaceRule } from "../../../../vocabulary/storage-kind";
import type { S3BucketsStorage } from "../storage";

/**
 * Upstream hands one key prefix (`<instance>-<uuid>/`) to every purpose, so purposes sharing a bucket share
 * one key space; upstream's own setup names five buckets.
 */
export const bucketsDistinct: StorageWorkspaceRule<S3BucketsStorage> = {
  id: "buckets-distinct",
  stage: "workspace",
  level: "error",
  doc: {
    finds: "one bucket for two purposes",
    prevents:
      "the backend keys every purpose under the same `<instance>-<uuid>/` prefix: one key space, each purpose's listings returning the other's objects",
    fix: "five buckets, or `bucketPrefix`",
    source: "crates/model/src/database_globals/mod.rs:144-145 at a9a760ca (one prefix per deployment)",
  },
  cannotAcknowledge: "it protects the data: a cleanup or an export of one purpose would reach the other's objects",

  check(storage) {
    const buckets = storage.buckets;
    if (!buckets) return [];
    const reports: Report[] = [];
    BUCKET_PURPOSES.forEach((a, i) =>
      BUCKET_PURPOSES.slice(i + 1).forEach((b) => {
        if (buckets[a] !== buckets[b] || reports.some((r) => r.path === `storage.buckets.${b}`)) return;
        reports.push({
          path: `storage.buckets.${b}`,
          info:
            `is "${buckets[b]}", the same bucket as storage.buckets.${a}: the backend keys every purpose under the same "<instance>-<uuid>/" prefix, ` +
            `so ${a} and ${b} objects would share one key space and each purpose's listings would return the other's objects`,
          fix: "give each purpose its own bucket (or use bucketPrefix)",
        });
      }),
    );
    return reports;
  },
};
