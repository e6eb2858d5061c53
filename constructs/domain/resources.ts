/*
 * How much of the Docker host one container may use: Docker's resource constraints
 * (https://docs.docker.com/engine/containers/resource_constraints/), as the docker provider this library
 * pins (kreuzwerker/docker 3.6.2) can emit them. That provider has `memory`, `memory_swap`, `cpu_period` and
 * `cpu_quota` (internal/provider/resource_docker_container.go at v3.6.2); it has no memory reservation
 * (`memory_reservation` arrived in v3.7.0) and no pids limit (no version has one), and its `cpus` attribute
 * crashes it (resource_docker_container_funcs.go:326-328 asserts the string to float32:
 * https://github.com/kreuzwerker/terraform-provider-docker/issues/759), so a CPU limit is emitted as a quota.
 */

/** What one container may use. Absent fields set no limit. */
export interface ContainerResources {
  /**
   * The most memory the container may use, in MiB (Docker's `--memory`). At the limit the kernel reclaims its
   * page cache, then its OOM killer ends a process in the container; the container's restart policy starts it
   * again (docs/operations.md).
   * @default no limit (sidecars: SIDECAR_RESOURCES)
   */
  readonly memoryMiB?: number;
  /**
   * Swap the container may use beyond `memoryMiB`, in MiB (Docker's `--memory-swap` is their sum). Needs `memoryMiB`.
   * @default 0: no swap, so a container at its limit is stopped there instead of slowing the host down by swapping
   */
  readonly swapMiB?: number;
  /**
   * The CPUs the container may use, e.g. 0.5 or 2 (Docker's `--cpus`, emitted as a CFS quota per 100 ms period).
   * A container at its limit is slowed down, never stopped.
   * @default no limit (sidecars: SIDECAR_RESOURCES)
   */
  readonly cpus?: number;
}

/**
 * Resources per container of a deployment, by the container's role: `backend`, `dashboard`, the front door's
 * `proxy`, and LocalPlusSync's sidecars `snapshot` and `sync`.
 */
export interface DeploymentResources {
  /** The backend container. @default no limits */
  readonly backend?: ContainerResources;
  /** The dashboard container. @default no limits */
  readonly dashboard?: ContainerResources;
  /** The front door's Caddy container, with `frontDoor`. @default no limits */
  readonly proxy?: ContainerResources;
  /** LocalPlusSync's snapshot sidecar. @default SIDECAR_RESOURCES.snapshot */
  readonly snapshot?: ContainerResources;
  /** LocalPlusSync's sync sidecar. @default SIDECAR_RESOURCES.sync */
  readonly sync?: ContainerResources;
}

/** The roles DeploymentResources has a field for. */
export type ContainerRole = keyof DeploymentResources;

/**
 * The sidecars' limits when none are given, from `npm run bench:sidecars` with a 1 GiB database (figures in
 * docs/performance.md): the sync sidecar twice its peak (rclone held 60 MiB while uploading), since a sidecar
 * killed for memory means backups stop; the snapshot sidecar's sqlite3 held under 5 MiB, and the rest of what
 * Docker counts is the page cache of the 1 GiB copy it writes, which the kernel reclaims at the limit (at 64 MiB
 * the snapshot took 35 s instead of 5). One CPU each, so a snapshot or an upload never takes more than one core
 * from the backend.
 */
export const SIDECAR_RESOURCES = {
  snapshot: { memoryMiB: 64, cpus: 1 },
  sync: { memoryMiB: 128, cpus: 1 },
} as const satisfies Readonly<Record<"snapshot" | "sync", ContainerResources>>;

/** A documented minimum of memory for a container: below it, a workload it is meant for does not fit. */
export interface MemoryMinimum {
  /** The minimum, in MiB. */
  readonly memoryMiB: number;
  /** Where the figure comes from, as a reader can open it. */
  readonly source: string;
}

/**
 * Memory below which a container is expected to be killed in normal work: upstream's smallest published
 * configuration for the backend and the dashboard, and for the sidecars the peak measured with a 1 GiB database.
 * The front door has none: Caddy documents no minimum, and its use grows with the connections it holds.
 */
export const MEMORY_MINIMUMS: Readonly<Partial<Record<ContainerRole, MemoryMinimum>>> = {
  backend: {
    memoryMiB: 1024,
    source:
      "self-hosted/advanced/fly/backend/fly.toml:37 at a9a760ca (memory = '1gb', \"the minimum possible resources to get up and running\": self-hosted/advanced/fly/README.md:218-222)",
  },
  dashboard: {
    memoryMiB: 1024,
    source: "self-hosted/advanced/fly/dashboard/fly.toml:27 at a9a760ca (memory = '1gb')",
  },
  snapshot: {
    memoryMiB: SIDECAR_RESOURCES.snapshot.memoryMiB / 2,
    source: "docs/performance.md (peak memory of the snapshot sidecar with a 1 GiB database)",
  },
  sync: {
    memoryMiB: SIDECAR_RESOURCES.sync.memoryMiB / 2,
    source: "docs/performance.md (peak memory of the sync sidecar uploading a 1 GiB database)",
  },
};

/** The bounds of each field. Docker refuses less than 6 MiB of memory and a CPU quota under 1 ms per 100 ms. */
export const RESOURCE_BOUNDS = {
  memoryMiB: { min: 6, max: 4 * 1024 * 1024 },
  swapMiB: { min: 0, max: 4 * 1024 * 1024 },
  cpus: { min: 0.01, max: 1024 },
} as const;

/** The CFS period a CPU limit is a quota of, in microseconds (Docker's `--cpus` uses the same). */
export const CPU_PERIOD_MICROSECONDS = 100_000;

/** Why `resources` cannot be applied, one phrase per field, each naming `prop`; empty when it can. */
export function resourceProblems(resources: ContainerResources, prop: string): string[] {
  const problems: string[] = [];
  const whole = (field: "memoryMiB" | "swapMiB") => {
    const value = resources[field];
    if (value === undefined) return;
    const { min, max } = RESOURCE_BOUNDS[field];
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
      problems.push(`${prop}.${field} must be a whole number of MiB from ${min} to ${max}, got ${String(value)}`);
  };
  whole("memoryMiB");
  whole("swapMiB");
  if (resources.swapMiB !== undefined && resources.memoryMiB === undefined)
    problems.push(`${prop}.swapMiB needs ${prop}.memoryMiB: swap is counted beyond a memory limit`);
  const cpus = resources.cpus;
  if (cpus !== undefined) {
    const { min, max } = RESOURCE_BOUNDS.cpus;
    if (typeof cpus !== "number" || !Number.isFinite(cpus) || cpus < min || cpus > max || !hundredths(cpus))
      problems.push(`${prop}.cpus must be a number of CPUs from ${min} to ${max} in hundredths, got ${String(cpus)}`);
  }
  return problems;
}

/** A number with at most two decimals (a quota of whole milliseconds per period). */
function hundredths(value: number): boolean {
  return Math.abs(Math.round(value * 100) - value * 100) < 1e-6;
}
