import { checkDatabaseUrl } from "../database-url";
import { describeValue } from "../problems";
import { secretEnvName } from "../../constructs/domain";
import type { WorkspaceRule } from "./rule";

const URL_VARIABLE = secretEnvName("database_url");

/** database.host names the server for people and the doctor; a URL there is the secret in the wrong place. */
export const databaseHostIsAHost: WorkspaceRule = {
  id: "database-host-is-a-host",
  check(ws) {
    const database = ws.config.database;
    if (database.kind === "sqlite" || database.host === undefined) return [];
    if (/^([A-Za-z0-9_-]+\.)*[A-Za-z0-9_-]+$|^\[[0-9A-Fa-f:.]+\]$/.test(database.host)) return [];
    return [
      {
        file: ws.file,
        path: "database.host",
        message:
          `got ${describeValue(database.host)}; it takes the server's host name only (e.g. db.example.internal). ` +
          `The URL with user, password and port goes in ${URL_VARIABLE}, which never enters a file`,
      },
    ];
  },
};

/**
 * The URL itself is a secret and not in the file; when it is in the environment (as for `cdktf deploy`),
 * check it here, before Terraform hands it to a backend that would fail on it at boot.
 */
export const databaseUrlUsable: WorkspaceRule = {
  id: "database-url",
  check(ws, { env }) {
    const database = ws.config.database;
    const url = env[URL_VARIABLE];
    if (database.kind === "sqlite" || !url) return [];
    return checkDatabaseUrl(url, { requireSsl: database.requireSsl, kind: database.kind }).map((message) => ({
      file: ws.file,
      path: "database",
      message,
    }));
  },
};
