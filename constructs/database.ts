import { Fn, Token, type Precondition } from "cdktf";
import { checkString } from "./checks";
import { DEFAULT_REQUIRE_SSL } from "./domain/defaults";
import { HOST_PATH_FORMAT } from "./domain/patterns";
import { POSTGRES_TLS_OFF_PARAMETER } from "./domain/postgres-tls";
import type { Environment } from "./environment";
import { flag } from "./environment";
import { assertSecretReference } from "./secret";

/** The props of Database.postgres and Database.mysql: the server, and how the backend talks to it. */
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
   * Host path of a CA bundle, mounted read-only into the backend.
   * @default none (the image's trust store)
   */
  readonly caFile?: string;
}

/** A host file the backend needs mounted read-only. */
interface HostFileMount {
  readonly hostPath: string;
  readonly containerPath: string;
}

/**
 * Where the backend keeps its tables: SQLite in the data volume, or a PostgreSQL / MySQL server that already has
 * the database `databaseNameFor(instanceName)` (ConvexDeployment's `databaseName`).
 *
 * @example
 * ```ts
 * const url = new TerraformVariable(this, "database_url", { type: "string", sensitive: true });
 * new ConvexDeployment(this, "convex", {
 *   workspaceName: "shop",
 *   urls,
 *   database: Database.postgres({ url: url.stringValue }), // postgres://convex@db.internal:5432, no database path
 * });
 * ```
 */
export class Database {
  /** SQLite at /convex/data/db.sqlite3, inside the data volume. */
  static sqlite(): Database {
    return new Database("sqlite", {}, [], []);
  }

  /** A PostgreSQL server (POSTGRES_URL). */
  static postgres(props: SqlDatabaseProps): Database {
    return Database.sql("postgres", "POSTGRES_URL", "PG_CA_FILE", props);
  }

  /** A MySQL server (MYSQL_URL). */
  static mysql(props: SqlDatabaseProps): Database {
    return Database.sql("mysql", "MYSQL_URL", "MYSQL_CA_FILE", props);
  }

  private static readonly CA_MOUNT_PATH = "/convex/certs/database-ca.pem";

  private static sql(kind: "postgres" | "mysql", urlVar: string, caVar: string, props: SqlDatabaseProps): Database {
    assertSecretReference(props.url, "url");
    const planChecks = props.caFile === undefined ? [] : checkString("caFile", props.caFile, HOST_PATH_FORMAT);
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

  /** Which database: what the backend records on the data volume. */
  readonly kind: "sqlite" | "postgres" | "mysql";
  /** Variables only the backend receives. @internal */
  readonly backendEnvironment: Environment;
  /** Host files the backend needs mounted read-only. @internal */
  readonly mounts: readonly HostFileMount[];
  /** Checks of props given as tokens, for the backend container to run at plan. @internal */
  readonly preconditions: readonly Precondition[];

  private constructor(
    kind: "sqlite" | "postgres" | "mysql",
    backendEnvironment: Environment,
    mounts: readonly HostFileMount[],
    preconditions: readonly Precondition[],
  ) {
    this.kind = kind;
    this.backendEnvironment = backendEnvironment;
    this.mounts = mounts;
    this.preconditions = preconditions;
  }
}

/**
 * emittedPostgresUrl (constructs/domain/postgres-tls.ts) as a Terraform expression: the URL is a sensitive
 * variable, so it is changed at plan time and never appears in cdk.tf.json.
 */
function withTlsOff(url: string): string {
  return Fn.join("", [
    url,
    Token.asString(Fn.conditional(Fn.strcontains(url, "?"), "&", "?")),
    POSTGRES_TLS_OFF_PARAMETER,
  ]);
}
