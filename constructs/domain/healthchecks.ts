import { CONTAINER_PORTS } from "./defaults";
import { SIDECAR_LAST_RUN_FILE, SIDECAR_RUN_STARTED_FILE } from "./snapshots";

/*
 * Every container the library emits has a healthcheck, made only of tools its pinned image contains, so that
 * `docker ps`, the engine's health status and `npm run status` say when one stops doing its job.
 */

/** A Docker healthcheck, in the docker provider's terms (durations as Go durations). */
export interface Healthcheck {
  /** The command, in Docker's `["CMD", ...]` form. */
  readonly test: readonly string[];
  /** Time between two checks. */
  readonly interval: string;
  /** A check that takes longer fails. */
  readonly timeout: string;
  /** Failures in this time after a start do not count. */
  readonly startPeriod: string;
  /** Consecutive failures that make the container unhealthy. */
  readonly retries: number;
}

/**
 * The backend: upstream compose's check (self-hosted/docker/docker-compose.yml:48-51 at a9a760ca, `curl -f
 * http://localhost:3210/version` every 5 s after 10 s); the image has curl (self-hosted/docker-build/
 * Dockerfile.backend:103) and no HEALTHCHECK of its own.
 */
export const BACKEND_HEALTHCHECK: Healthcheck = {
  test: ["CMD", "curl", "-f", `http://localhost:${CONTAINER_PORTS.backend}/version`],
  interval: "5s",
  timeout: "5s",
  startPeriod: "10s",
  retries: 3,
};

/**
 * The dashboard: its page answers. The image is Ubuntu with curl (self-hosted/docker-build/Dockerfile.dashboard:35
 * at a9a760ca installs it and nothing removes it), and its server listens on every address (HOSTNAME=0.0.0.0, :54).
 */
export const DASHBOARD_HEALTHCHECK: Healthcheck = {
  test: ["CMD", "curl", "-f", `http://127.0.0.1:${CONTAINER_PORTS.dashboard}/`],
  interval: "10s",
  timeout: "5s",
  startPeriod: "30s",
  retries: 3,
};

/**
 * The front door (Caddy): its plain-HTTP listener answers on the container's loopback. A request whose host is
 * none of the three URLs matches no route, and Caddy answers that with an empty 200 (its admin API, the usual
 * probe, is disabled: constructs/domain/caddy-configuration.ts). BusyBox wget is in the pinned Alpine image
 * (caddy-docker's 2.11/alpine/Dockerfile) and in the drill's stand-in. The HTTPS side is read by `npm run
 * status`, which reports each certificate's expiry.
 */
export function proxyHealthcheck(httpPort: number): Healthcheck {
  return {
    test: ["CMD", "wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${httpPort}/`],
    interval: "10s",
    timeout: "5s",
    startPeriod: "30s",
    retries: 3,
  };
}

/**
 * A sidecar (LocalPlusSync's snapshot and sync): healthy while its last finished run succeeded, or while its
 * first run is still going (a first copy of a large storage folder may take hours: a start period could not
 * cover it, the record of the run's start does); unhealthy as soon as a run failed, until one succeeds. It
 * reads the records the runs write (SIDECAR_LAST_RUN_FILE, SIDECAR_RUN_STARTED_FILE) with BusyBox sh alone:
 * both pinned images are Alpine (rclone/rclone's Dockerfile at v1.68.2, KEINOS/Dockerfile_of_SQLite3).
 * No `${`: the text passes through Terraform.
 */
export const SIDECAR_HEALTHCHECK: Healthcheck = {
  test: [
    "CMD",
    "sh",
    "-c",
    [
      `if [ -s ${SIDECAR_LAST_RUN_FILE} ]; then read at code < ${SIDECAR_LAST_RUN_FILE}; echo "last run ended at $at (unix time) with exit status $code"; [ "$code" = 0 ]`,
      `elif [ -s ${SIDECAR_RUN_STARTED_FILE} ]; then echo "first run in progress since $(cat ${SIDECAR_RUN_STARTED_FILE}) (unix time)"`,
      `else echo "no run has started yet"; exit 1; fi`,
    ].join("; "),
  ],
  interval: "10s",
  timeout: "10s",
  startPeriod: "30s",
  retries: 1,
};
