import { Fn, type Precondition } from "cdktf";
import { checkString } from "./checks";
import { BIND_SOURCE_RULE, databaseNameFor, DEFAULT_REQUIRE_SSL, POSTGRES_TLS_OFF_PARAMETER } from "./domain";
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
   * Require TLS to the server, with its certificate verified (the backend appends sslmode=require, which
   * wins over any sslmode in the URL). false emits DO_NOT_REQUIRE_SSL=true and, for PostgreSQL, appends
   * sslmode=disable to the URL as a Terraform expression over it: with DO_NOT_REQUIRE_SSL alone the backend
   * still negotiates TLS when the server offers it and fails on a self-signed certificate (upstream issue
   * 354). So false means plain text, which works with and without TLS on the server.
   * @default true
   */
  readonly requireSsl?: boolean;
  /**
   * Host path of a CA bundle, mounted read-only into the backend: a regular file, named by its own absolute
   * path, outside the host's runtime and secret folders (BIND_SOURCE_RULE); anything else is refused naming
   * this prop, at synthesis, or at plan when it is a token.
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
    const planChecks = props.caFile === undefined ? [] : checkString("caFile", props.caFile, BIND_SOURCE_RULE);
    const tlsOff = !(props.requireSsl ?? DEFAULT_REQUIRE_SSL);
    const mounts = props.caFile ? [{ hostPath: props.caFile, containerPath: Database.CA_MOUNT_PATH }] : [];
    return new Database(
      kind,
      {
        [urlVar]: kind === "postgres" && tlsOff ? withTlsOff(props.url) : props.url,
        DO_NOT_REQUIRE_SSL: flag(tlsOff),
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

/**
 * emittedPostgresUrl (constructs/domain/postgres-tls.ts) as a Terraform expression: the URL is a sensitive
 * variable, so it is changed at plan time and never appears in cdk.tf.json.
 */
function withTlsOff(url: string): string {
  const separator = Fn.conditional(Fn.strcontains(url, "?"), "&", "?") as string;
  return Fn.join("", [url, separator, POSTGRES_TLS_OFF_PARAMETER]);
}
