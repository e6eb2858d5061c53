import { checkDatabaseUrl, DATABASE_URL_VARIABLE as URL_VARIABLE } from "../database-url";
import type { WorkspaceRule } from "../../vocabulary/rule";

/**
 * The URL itself is a secret and not in the file; when it is in the environment (as for `cdktf deploy`),
 * check it here, before Terraform hands it to a backend that would fail on it at boot.
 */
export const databaseUrl: WorkspaceRule = {
  id: "database-url",
  stage: "workspace",
  level: "error",
  doc: {
    finds:
      "when `TF_VAR_database_url` is set (as for a deploy): a database path, no user name, a PostgreSQL `sslmode` other than what `requireSsl` makes it (the last `sslmode` wins: the backend appends `require`, the stack `disable`), MySQL TLS off (`ssl-mode=DISABLED/PREFERRED`, `ssl=false`) for a server reached over the network while `requireSsl` is true, another scheme than `database.kind`",
    prevents:
      "`cluster url already contains db name`; `cluster url username must be set`; a TLS setting that does not do what it says",
    fix: "drop the path, add `USER@`, drop `sslmode` (`database.requireSsl` decides)",
    source: "crates/clusters/src/lib.rs:34-60 at a9a760ca; https://github.com/get-convex/convex-backend/issues/354",
  },
  cannotAcknowledge:
    "the backend refuses such a URL when it starts, or connects otherwise than the file says: acknowledging would only hide that",

  check(ws, { env }) {
    const database = ws.config.database;
    const url = env[URL_VARIABLE];
    if (database.kind === "sqlite" || !url) return [];
    return checkDatabaseUrl(url, { requireSsl: database.requireSsl, kind: database.kind }).map((problem) => ({
      path: "database",
      ...problem,
    }));
  },
};
