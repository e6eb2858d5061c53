import { Volume } from "@cdktf/provider-docker/lib/volume";
import { dependable, Token } from "cdktf";
import { Construct } from "constructs";
import { addPreconditions, checkString } from "./checks";
import {
  DATA_MOUNT_PATH,
  DEFAULT_PROTECT_FROM_DESTROY,
  FIRST_VOLUME_GENERATION,
  MAX_VOLUME_GENERATION,
} from "./domain/defaults";
import { InvalidPropsError } from "./domain/errors";
import { FINGERPRINT_FIELDS, fingerprintLabels, type VolumeFingerprint } from "./domain/fingerprint";
import { resourceNames, WORKSPACE_NAME_FORMAT } from "./domain/names";
import { COMPONENT_PROPS_WORDING } from "./domain/volume-change";
import { ReleasedResource } from "./released-resource";
import { VolumeFingerprintGuard } from "./volume-fingerprint-guard";

/** ConvexDataVolume's props. */
export interface ConvexDataVolumeProps {
  /**
   * The deployment's name (lowercase letters, digits, dashes): names the volume `convex-<workspaceName>-data`
   * (`-data-g<N>` from generation 2) and its `convex-stack.workspace` label.
   */
  readonly workspaceName: string;
  /**
   * Terraform `prevent_destroy` on the volume: it holds the SQLite database, the stored files and the
   * generated instance secret. Opt out only for throw-away deployments.
   * @default true
   */
  readonly protectFromDestroy?: boolean;
  /**
   * Which volume of the deployment this is. Each generation is its own Docker volume and Terraform resource;
   * the volumes of earlier generations are released from Terraform (not destroyed) and stay on the Docker
   * host untouched. At most MAX_VOLUME_GENERATION.
   * @default 1
   */
  readonly generation?: number;
  /**
   * Record what the volume's data is initialised with, as soon as a ConvexBackend uses the volume: labels on
   * the volume (`convex-stack.*`) and a VolumeFingerprintGuard that fails `terraform plan` when a later
   * change of storage, database or instance name would lose the data. false: neither; nothing then stops
   * such a change.
   * @default true
   */
  readonly fingerprintGuard?: boolean;
}

/**
 * Refuses a generation that is not a whole number from 1 to MAX_VOLUME_GENERATION (one `removed` block each),
 * or that is a token: construct ids and Docker names come from it, so it must be known at synthesis.
 */
export function assertVolumeGeneration(generation: number, prop: string): void {
  if (Token.isUnresolved(generation))
    throw new InvalidPropsError(
      `${prop} must be a number known at synthesis (it names the volume and its resources), got a token`,
    );
  if (!Number.isInteger(generation) || generation < FIRST_VOLUME_GENERATION || generation > MAX_VOLUME_GENERATION) {
    throw new InvalidPropsError(
      `${prop} must be a whole number from ${FIRST_VOLUME_GENERATION} to ${MAX_VOLUME_GENERATION}, got ${generation}`,
    );
  }
}

/**
 * The backend's /convex/data: the SQLite database, the stored files (with local storage) and the generated
 * instance secret, protected from `terraform destroy`. When a ConvexBackend uses it, it records what the data was
 * initialised with (labels, and a VolumeFingerprintGuard that fails `terraform plan` on a change that would lose it).
 *
 * @example
 * ```ts
 * // A new generation is a new, empty volume; generation 1 is released from Terraform and left on the host.
 * const dataVolume = new ConvexDataVolume(this, "data", { workspaceName: "shop", generation: 2 });
 * ```
 */
export class ConvexDataVolume extends Construct {
  /** Where the volume is mounted in the backend and the sidecars (upstream's DATA_DIR). @internal */
  static readonly MOUNT_PATH = DATA_MOUNT_PATH;

  /** The construct id of a generation's volume resource: generation 1 keeps the original one. @internal */
  static resourceIdFor(generation: number): string {
    return generation === FIRST_VOLUME_GENERATION ? "volume" : `volume-g${generation}`;
  }

  /** The deployment's name, as given. */
  readonly workspaceName: string;
  /** The Docker volume's name: `convex-<workspaceName>-data`, `-data-g<N>` from generation 2. */
  readonly volumeName: string;
  /** Which volume of the deployment this is. */
  readonly generation: number;
  /** The Docker volume resource. */
  readonly volume: Volume;
  private readonly guarded: boolean;
  private guard?: VolumeFingerprintGuard;

  constructor(scope: Construct, id: string, props: ConvexDataVolumeProps) {
    super(scope, id);
    const generation = props.generation ?? FIRST_VOLUME_GENERATION;
    assertVolumeGeneration(generation, "generation");
    const nameChecks = checkString("workspaceName", props.workspaceName, WORKSPACE_NAME_FORMAT);
    this.workspaceName = props.workspaceName;
    this.generation = generation;
    this.guarded = props.fingerprintGuard ?? true;
    this.volumeName = resourceNames(props.workspaceName, generation).volume;
    this.volume = new Volume(this, ConvexDataVolume.resourceIdFor(generation), {
      name: this.volumeName,
      lifecycle: {
        preventDestroy: props.protectFromDestroy ?? DEFAULT_PROTECT_FROM_DESTROY,
        ignoreChanges: ["labels"],
      },
    });
    addPreconditions(this.volume, nameChecks);
    for (let earlier = FIRST_VOLUME_GENERATION; earlier < generation; earlier++) {
      new ReleasedResource(this, ConvexDataVolume.resourceIdFor(earlier), "docker_volume");
    }
  }

  /** The guard recording what this volume's data was initialised with; undefined until recorded, or when opted out. */
  get fingerprintGuard(): VolumeFingerprintGuard | undefined {
    return this.guard;
  }

  /**
   * Records what the data in this volume is initialised with: the labels (written once, at creation, and
   * never changed in place: they describe the data, not the current configuration) and the plan-time guard,
   * which the volume then depends on. ConvexBackend calls this with what it runs with; a second call must
   * ask for the same fingerprint. Pass `guard` to use one made elsewhere (ConvexDeployment keeps its own at
   * `<deployment>/volume-guard`); otherwise one is made at `<volume>/fingerprint-guard`.
   * @returns the guard the backend must wait for; undefined when `fingerprintGuard` is false
   * @internal
   */
  recordFingerprint(
    fingerprint: VolumeFingerprint,
    guard?: VolumeFingerprintGuard,
  ): VolumeFingerprintGuard | undefined {
    if (!this.guarded) return undefined;
    const existing = this.guard ?? guard;
    if (existing) {
      const differs = FINGERPRINT_FIELDS.filter((field) => existing.fingerprint[field] !== fingerprint[field]);
      if (differs.length > 0) {
        const shown = differs
          .map((field) => `${field} "${existing.fingerprint[field]}" against "${fingerprint[field]}"`)
          .join(", ");
        throw new InvalidPropsError(
          `the data volume ${this.node.path} is guarded for another fingerprint (${shown}): one volume holds the data of one backend`,
        );
      }
    }
    if (this.guard) return this.guard;
    this.guard =
      guard ??
      new VolumeFingerprintGuard(this, "fingerprint-guard", {
        fingerprint,
        volumeName: this.volumeName,
        generation: this.generation,
        wording: COMPONENT_PROPS_WORDING,
      });
    const labels = fingerprintLabels(this.guard.fingerprint);
    this.volume.putLabels(
      Object.keys(labels)
        .sort()
        .map((label) => ({ label, value: labels[label] })),
    );
    this.volume.dependsOn = [...(this.volume.dependsOn ?? []), dependable(this.guard.guard)];
    return this.guard;
  }
}
