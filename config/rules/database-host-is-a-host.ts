import { DATABASE_URL_VARIABLE as URL_VARIABLE } from "../database-url";
import { describeValue } from "../problems";
import type { WorkspaceRule } from "../../vocabulary/rule";

/** database.host names the server for people and the doctor; a URL there is the secret in the wrong place. */
export const databaseHostIsAHost: WorkspaceRule = {
  id: "database-host-is-a-host",
  stage: "workspace",
  level: "error",
  doc: {
    finds: "a URL, user or port in `database.host`",
    prevents: "the secret URL ending up in a file",
    fix: "the host name only; the URL goes in `TF_VAR_database_url`",
    source: "docs/secrets.md: the database URL, which holds the password, is `TF_VAR_database_url`",
  },
  cannotAcknowledge: "it keeps the database URL, a secret, out of the file",

  check(ws) {
    const database = ws.config.database;
    if (database.kind === "sqlite" || database.host === undefined) return [];
    if (/^([A-Za-z0-9_-]+\.)*[A-Za-z0-9_-]+$|^\[[0-9A-Fa-f:.]+\]$/.test(database.host)) return [];
    return [
      {
        path: "database.host",
        info: `got ${describeValue(database.host)}; it takes the server's host name only, for people and the doctor`,
        fix: `give the host name (e.g. db.example.internal); the URL with user, password and port goes in ${URL_VARIABLE}, which never enters a file`,
      },
    ];
  },
};
