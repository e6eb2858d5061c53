import { InvalidPropsError } from "./domain/errors";

/** A container's environment: undefined means "not emitted" (never an empty value). */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Emits a boolean switch the way upstream reads it. Two opposite traps meet here: AWS_S3_* switches are
 * Rust bools (only the exact word `true` turns them on; `1` silently leaves them off), and DISABLE_BEACON,
 * REDACT_LOGS_TO_CLIENT, DO_NOT_REQUIRE_SSL are `${VAR:+--flag}` (any value, even `false`, turns them on).
 * `true` when on and absent when off is right for both.
 */
export function flag(on: boolean): "true" | undefined {
  return on ? "true" : undefined;
}

/** Docker's KEY=value list, sorted for stable output; refuses empty values, which upstream reads as "set". */
export function toDockerEnv(environment: Environment, owner: string): string[] {
  return Object.keys(environment)
    .sort()
    .flatMap((key) => {
      const value = environment[key];
      if (value === undefined) return [];
      if (value === "")
        throw new InvalidPropsError(
          `${owner}: environment variable ${key} is empty; leave it out instead (upstream treats "set but empty" differently from "unset")`,
        );
      return [`${key}=${value}`];
    });
}
