import type { ContainerConfig, ContainerHealthcheck, ContainerLabels } from "@cdktf/provider-docker/lib/container";
import { Token } from "cdktf";
import { LABEL_PREFIX } from "./domain/defaults";
import { InvalidPropsError } from "./domain/errors";
import type { Healthcheck } from "./domain/healthchecks";
import { type ContainerLogging, logSettings, loggingProblems } from "./domain/logging";
import { type ContainerResources, CPU_PERIOD_MICROSECONDS, resourceProblems } from "./domain/resources";

/*
 * What every container of the library gets besides its own settings: its resource limits, bounded logs and a
 * healthcheck, in the docker provider's attributes.
 */

/**
 * The label that carries a container's limits. The provider (kreuzwerker/docker 3.6.2) applies a change of
 * `memory` in place but cannot remove one (Docker's update reads 0 as "unchanged"), and changes `cpu_quota`
 * in its state only (resourceDockerContainerUpdate updates memory, swap, CPU shares and set, never the quota);
 * labels force a new container, so every change of the limits replaces the container and takes effect.
 */
const RESOURCES_LABEL = `${LABEL_PREFIX}resources`;

/** The provider's attributes for a container's limits and logs; refuses values it cannot apply, naming `prop`. */
export function containerSettings(
  prop: string,
  resources: ContainerResources = {},
  logging: ContainerLogging = {},
): Pick<ContainerConfig, "memory" | "memorySwap" | "cpuPeriod" | "cpuQuota" | "logDriver" | "logOpts"> & {
  /** The label of the limits, when there are any. */
  readonly labels?: ContainerLabels[];
} {
  for (const [field, value] of [...Object.entries(resources), ...Object.entries(logging)])
    if (Token.isUnresolved(value))
      throw new InvalidPropsError(
        `${prop}: ${field} must be known at synthesis (it is written into a label that replaces the container when it changes), got a Terraform token`,
      );
  const problems = [
    ...resourceProblems(resources, `${prop}.resources`),
    ...loggingProblems(logging, `${prop}.logging`),
  ];
  if (problems.length > 0) throw new InvalidPropsError(problems.join("; "));
  const { memoryMiB, swapMiB, cpus } = resources;
  const logs = logSettings(logging);
  const limited = memoryMiB !== undefined || cpus !== undefined;
  return {
    // Always with memory_swap: left out, Docker gives the container as much swap again, and the provider reads
    // that back as a change.
    ...(memoryMiB === undefined ? {} : { memory: memoryMiB, memorySwap: memoryMiB + (swapMiB ?? 0) }),
    ...(cpus === undefined
      ? {}
      : { cpuPeriod: CPU_PERIOD_MICROSECONDS, cpuQuota: Math.round(cpus * CPU_PERIOD_MICROSECONDS) }),
    logDriver: logs.driver,
    logOpts: { ...logs.options },
    ...(limited ? { labels: [{ label: RESOURCES_LABEL, value: describeLimits(resources) }] } : {}),
  };
}

/** The limits in one line, as the label shows them: `memory=512MiB swap=0MiB cpus=1`. */
function describeLimits({ memoryMiB, swapMiB, cpus }: ContainerResources): string {
  return [
    ...(memoryMiB === undefined ? [] : [`memory=${memoryMiB}MiB`, `swap=${swapMiB ?? 0}MiB`]),
    ...(cpus === undefined ? [] : [`cpus=${cpus}`]),
  ].join(" ");
}

/** A healthcheck of the domain in the provider's shape. */
export function healthcheckOf(check: Healthcheck): ContainerHealthcheck {
  return {
    test: [...check.test],
    interval: check.interval,
    timeout: check.timeout,
    startPeriod: check.startPeriod,
    retries: check.retries,
  };
}
