import { databaseServerIdentity } from "../../vocabulary/identity";
import type { ResolvedWorkspace } from "../../vocabulary/resolved-workspace";
import type { CrossWorkspaceRule, FileReport } from "../../vocabulary/rule";

/** The server a postgres or mysql workspace names, in its one spelling; undefined without database.host. */
function databaseServer(ws: ResolvedWorkspace): string | undefined {
  const database = ws.config.database;
  return database.kind !== "sqlite" && database.host !== undefined
    ? databaseServerIdentity(database.kind, database.host)
    : undefined;
}

/** The buckets a workspace's backend keeps its objects in, as "<service> <bucket>" (its storage kind's bucketUses). */
function objectBuckets(ws: ResolvedWorkspace): { service: string; bucket: string }[] {
  const uses = ws.storageKind.bucketUses?.(ws.config.storage, ws) ?? [];
  return uses.filter((use) => use.use === "backend").map(({ service, bucket }) => ({ service, bucket }));
}

/**
 * Two deployments with one instance name on one database server, or in one set of buckets. Upstream names
 * the SQL database after the instance name ('-' as '_'; crates/clusters/src/lib.rs:54 for postgres, :99
 * and :114 for mysql, at a9a760ca), so two backends would share every table. In S3 it keys objects under
 * "<instance name>-<uuid>/" (crates/model/src/database_globals/mod.rs:145): two deployments of one name
 * get prefixes that only their own databases can tell apart.
 */
export const noSharedDataStores: CrossWorkspaceRule = {
  id: "no-shared-data-stores",
  stage: "cross-workspace",
  level: "error",
  doc: {
    finds:
      "two workspaces with one instance name on one database server (`database.host`, compared in one spelling), or in one set of buckets on one S3 service",
    prevents:
      "both backends in the database named after the instance name (`crates/clusters/src/lib.rs:54`); objects under `<instance>-<uuid>/` prefixes only each database can tell apart (`crates/model/src/database_globals/mod.rs:145`)",
    fix: "another `convex.instanceName` before the first deploy, or another server or buckets; see [refused-input.md](refused-input.md#one-thing-written-two-ways)",
    source: "crates/clusters/src/lib.rs:54, 99, 114 and crates/model/src/database_globals/mod.rs:145 at a9a760ca",
  },
  cannotAcknowledge:
    "it protects the data: the two backends would overwrite each other's documents, or share one key space",

  check(all) {
    const reports: FileReport[] = [];
    all.forEach((a, i) =>
      all.slice(i + 1).forEach((b) => {
        if (a.instanceName !== b.instanceName) return;
        const server = databaseServer(a);
        if (server !== undefined && server === databaseServer(b)) {
          reports.push({
            file: b.file,
            path: "convex.instanceName",
            info:
              `is "${b.instanceName}" on ${server}, as for workspace "${a.name}" (${a.file}): the backend keeps its tables in the database named after the instance name ` +
              `("${b.instanceName.replace(/-/g, "_")}"), so both backends would read and write one database and overwrite each other's documents`,
            fix: "give one of them another convex.instanceName before its first deploy, or another database server",
          });
        }
        const ofA = objectBuckets(a);
        const shared = objectBuckets(b).filter((use) =>
          ofA.some((other) => other.service === use.service && other.bucket === use.bucket),
        );
        if (shared.length > 0) {
          reports.push({
            file: b.file,
            path: "convex.instanceName",
            info:
              `is "${b.instanceName}" in bucket(s) ${shared.map((use) => `"${use.bucket}"`).join(", ")} on ${shared[0].service}, as for workspace "${a.name}" (${a.file}): ` +
              `the backend keeps its objects under "${b.instanceName}-<uuid>/", so the two deployments' prefixes differ only by a uuid that is recorded nowhere but in each one's database, ` +
              "and a cleanup, a restore or an access policy by prefix would touch both",
            fix: "give one of them another convex.instanceName before its first deploy, or buckets of its own",
          });
        }
      }),
    );
    return reports;
  },
};
