import { Volume } from "@cdktf/provider-docker/lib/volume";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { DATA_MOUNT_PATH, FIRST_VOLUME_GENERATION, MAX_VOLUME_GENERATION } from "./domain";
import { ReleasedResource } from "./released-resource";

export interface ConvexDataVolumeProps {
  /** Docker volume name, e.g. `convex-<workspace>-data`. */
  readonly volumeName: string;
  /**
   * Labels that record what the volume's database was initialised with (see constructs/domain/fingerprint.ts).
   * They are written once, at creation, and never changed in place: they describe the data, not the
   * current configuration (Docker cannot relabel a volume, so a change would mean a replacement).
   * @default {} (no labels)
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Terraform `prevent_destroy` on the volume: it holds the SQLite database, the stored files and the
   * generated instance secret. Opt out only for throw-away workspaces.
   * @default true
   */
  readonly protectFromDestroy?: boolean;
  /**
   * Which volume of the workspace this is. Each generation is its own Terraform resource; the volumes of
   * earlier generations are released from Terraform (not destroyed) and stay on the Docker host untouched.
   * At most MAX_VOLUME_GENERATION.
   * @default 1
   */
  readonly generation?: number;
  /** What must be in place before the volume is created or changed (the fingerprint guard). @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/** Refuses a generation that is not a whole number from 1 to MAX_VOLUME_GENERATION (one `removed` block each). */
export function assertVolumeGeneration(generation: number, prop: string): void {
  if (!Number.isInteger(generation) || generation < FIRST_VOLUME_GENERATION || generation > MAX_VOLUME_GENERATION) {
    throw new Error(`${prop} must be a whole number from ${FIRST_VOLUME_GENERATION} to ${MAX_VOLUME_GENERATION}, got ${generation}`);
  }
}

/** The backend's /convex/data: database, files, credentials. */
export class ConvexDataVolume extends Construct {
  static readonly MOUNT_PATH = DATA_MOUNT_PATH;

  /** The construct id of a generation's volume resource: generation 1 keeps the original one. */
  static resourceIdFor(generation: number): string {
    return generation === 1 ? "volume" : `volume-g${generation}`;
  }

  readonly volumeName: string;
  readonly volume: Volume;

  constructor(scope: Construct, id: string, props: ConvexDataVolumeProps) {
    super(scope, id);
    const generation = props.generation ?? 1;
    assertVolumeGeneration(generation, "generation");
    this.volumeName = props.volumeName;
    const labels = props.labels ?? {};
    this.volume = new Volume(this, ConvexDataVolume.resourceIdFor(generation), {
      name: props.volumeName,
      labels: Object.keys(labels)
        .sort()
        .map((label) => ({ label, value: labels[label] })),
      lifecycle: { preventDestroy: props.protectFromDestroy ?? true, ignoreChanges: ["labels"] },
      dependsOn: props.dependsOn,
    });
    for (let earlier = 1; earlier < generation; earlier++) {
      new ReleasedResource(this, ConvexDataVolume.resourceIdFor(earlier), "docker_volume");
    }
  }
}
