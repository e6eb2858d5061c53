import { Volume } from "@cdktf/provider-docker/lib/volume";
import { Construct } from "constructs";

export interface ConvexDataVolumeProps {
  /** Docker volume name, e.g. `convex-<workspace>-data`. */
  readonly volumeName: string;
  /**
   * Labels that record what the volume's database was initialised with (see config/fingerprint.ts).
   * Docker cannot relabel a volume, so a changed label plans a replacement, which protectFromDestroy stops.
   * @default {} (no labels)
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Terraform `prevent_destroy` on the volume: it holds the SQLite database, the stored files and the
   * generated instance secret. Opt out only for throw-away workspaces.
   * @default true
   */
  readonly protectFromDestroy?: boolean;
}

/** The backend's /convex/data: database, files, credentials. */
export class ConvexDataVolume extends Construct {
  static readonly MOUNT_PATH = "/convex/data";
  readonly volumeName: string;
  readonly volume: Volume;

  constructor(scope: Construct, id: string, props: ConvexDataVolumeProps) {
    super(scope, id);
    this.volumeName = props.volumeName;
    const labels = props.labels ?? {};
    this.volume = new Volume(this, "volume", {
      name: props.volumeName,
      labels: Object.keys(labels)
        .sort()
        .map((label) => ({ label, value: labels[label] })),
      lifecycle: { preventDestroy: props.protectFromDestroy ?? true },
    });
  }
}
