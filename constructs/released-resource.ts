import { TerraformElement } from "cdktf";
import type { Construct } from "constructs";

/**
 * Lets go of a resource that has left the configuration, without destroying it: a top-level
 * `removed { from = <address>, lifecycle { destroy = false } }` (Terraform 1.7 or later). Terraform
 * otherwise destroys whatever leaves the configuration, and `prevent_destroy` cannot stop it, because that
 * setting left with the resource. Created with the construct id and scope the resource had, so it
 * resolves to the address in the state. Where nothing is at that address, Terraform ignores it.
 */
export class ReleasedResource extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    /** The Terraform type the resource had, e.g. docker_volume. */
    private readonly resourceType: string,
  ) {
    super(scope, id);
  }

  /** The address Terraform stops managing. */
  get address(): string {
    return `${this.resourceType}.${this.friendlyUniqueId}`;
  }

  toTerraform(): Record<string, unknown> {
    return { removed: [{ from: this.address, lifecycle: { destroy: false } }] };
  }
}
