/*
 * Where a container's output goes, and how much of it the Docker host keeps. Docker's default logging driver,
 * json-file, keeps everything a container ever wrote unless it is given a size
 * (https://docs.docker.com/engine/logging/drivers/json-file/): a deployment that runs for months fills its disk.
 * Both drivers here rotate: a file that reaches `maxSizeMiB` is closed and a new one started, and only the
 * newest `maxFiles` are kept, so the files of one container never hold much more than maxFiles × maxSizeMiB.
 * `docker logs` reads either (docs/operations.md).
 */

/** Docker's logging drivers that keep the logs on the host, in files `docker logs` reads. */
export type LogDriver = "json-file" | "local";

/** The drivers, in the order the docs list them. */
export const LOG_DRIVERS = ["json-file", "local"] as const satisfies readonly LogDriver[];

/** How a container's logs are kept. */
export interface ContainerLogging {
  /**
   * `json-file`: one JSON object per line, readable with any tool; `local`: Docker's compact format, rotated
   * files compressed.
   * @default "json-file"
   */
  readonly driver?: LogDriver;
  /** The size, in MiB, at which a log file is rotated (the driver's `max-size`). @default 10 */
  readonly maxSizeMiB?: number;
  /** How many log files are kept, the one being written included (the driver's `max-file`). @default 5 */
  readonly maxFiles?: number;
}

/** The logging every container gets when none is given: at most 50 MiB of logs each. */
export const DEFAULT_LOGGING = {
  driver: "json-file",
  maxSizeMiB: 10,
  maxFiles: 5,
} as const satisfies Required<ContainerLogging>;

/** The bounds of the numbers. */
export const LOGGING_BOUNDS = {
  maxSizeMiB: { min: 1, max: 10 * 1024 },
  maxFiles: { min: 1, max: 100 },
} as const;

/** The docker provider's `log_driver` and `log_opts` for `logging` (defaults filled in). */
export function logSettings(logging: ContainerLogging = {}): {
  readonly driver: LogDriver;
  readonly options: Readonly<Record<string, string>>;
} {
  const { driver, maxSizeMiB, maxFiles } = { ...DEFAULT_LOGGING, ...logging };
  // Docker reads sizes with units.RAMInBytes: "m" is MiB.
  return { driver, options: { "max-size": `${maxSizeMiB}m`, "max-file": String(maxFiles) } };
}

/** Why `logging` cannot be applied, each naming `prop`; empty when it can. */
export function loggingProblems(logging: ContainerLogging, prop: string): string[] {
  const problems: string[] = [];
  if (logging.driver !== undefined && !LOG_DRIVERS.includes(logging.driver))
    problems.push(`${prop}.driver must be one of ${LOG_DRIVERS.join(", ")}, got ${JSON.stringify(logging.driver)}`);
  for (const field of ["maxSizeMiB", "maxFiles"] as const) {
    const value = logging[field];
    if (value === undefined) continue;
    const { min, max } = LOGGING_BOUNDS[field];
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
      problems.push(`${prop}.${field} must be a whole number from ${min} to ${max}, got ${String(value)}`);
  }
  return problems;
}
