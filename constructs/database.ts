import type { Precondition } from "cdktf";
import { checkString } from "./checks";
import { databaseNameFor, DEFAULT_REQUIRE_SSL, HOST_PATH_RULE } from "./domain";
import type { Environment } from "./environment";
import { flag } from "./environment";
import { assertSecretReference } from "./secret";

export interface SqlDatabaseProps {
  /**
   * Server URL with a user name and NO database path (upstream: "cluster url already contains db name");
   * the database used is the instance name with '-' replaced by '_'. Must be a sensitive reference.
   */
  readonly url: string;
  /**
   * Require TLS to the server. false emits DO_NOT_REQUIRE_SSL=true (any value turns that flag on).
   * @default true
   */
  readonly requireSsl?: boolean;
  /**
   * Host path of a CA bundle, mounted read-only into the backend.
   * @default none (the image's trust store)
   */
  readonly caFile?: string;
}

export interface HostFileMount {
  readonly hostPath: string;
  readonly containerPath: string;
}

/** Where the backend keeps its tables: SQLite in the data volume, or a PostgreSQL / MySQL server. */
export class Database {
  /** SQLite at /convex/data/db.sqlite3, inside the data volume. */
  static sqlite(): Database {
    return new Database("sqlite", {}, [], []);
  }

  static postgres(props: SqlDatabaseProps): Database {
    return Database.sql("postgres", "POSTGRES_URL", "PG_CA_FILE", props);
  }

  static mysql(props: SqlDatabaseProps): Database {
    return Database.sql("mysql", "MYSQL_URL", "MYSQL_CA_FILE", props);
  }

  /** Name of the database the server must already have for an instance (upstream derives it). */
  static databaseNameFor(instanceName: string): string {
    return databaseNameFor(instanceName);
  }

  private static readonly CA_MOUNT_PATH = "/convex/certs/database-ca.pem";

  private static sql(kind: "postgres" | "mysql", urlVar: string, caVar: string, props: SqlDatabaseProps): Database {
    assertSecretReference(props.url, "url");
    const planChecks = props.caFile === undefined ? [] : checkString("caFile", props.caFile, HOST_PATH_RULE);
    const mounts = props.caFile ? [{ hostPath: props.caFile, containerPath: Database.CA_MOUNT_PATH }] : [];
    return new Database(
      kind,
      {
        [urlVar]: props.url,
        DO_NOT_REQUIRE_SSL: flag(!(props.requireSsl ?? DEFAULT_REQUIRE_SSL)),
        [caVar]: props.caFile ? Database.CA_MOUNT_PATH : undefined,
      },
      mounts,
      planChecks,
    );
  }

  private constructor(
    readonly kind: "sqlite" | "postgres" | "mysql",
    /** Variables only the backend receives. */
    readonly backendEnvironment: Environment,
    /** Host files the backend needs mounted read-only. */
    readonly mounts: readonly HostFileMount[],
    /** Checks of props given as tokens, for the backend container to run at plan. */
    readonly preconditions: readonly Precondition[],
  ) {}
}
