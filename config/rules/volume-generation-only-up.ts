import type { DeployedRule } from "../../vocabulary/rule";

/** The newest generation of a workspace's data volumes that a stack's state manages. */
export interface ManagedGeneration {
  readonly volumeName: string;
  readonly generation: number;
  /** The state that manages it, as a phrase ("the state file ...", "the remote state ..."). */
  readonly managedBy: string;
}

/** A lower volume.generation would take the newer volume out of the configuration, and Terraform destroys what leaves it. */
export const volumeGenerationOnlyUp: DeployedRule<ManagedGeneration | undefined> = {
  id: "volume-generation-only-up",
  stage: "deployed",
  level: "error",
  doc: {
    finds: "a `volume.generation` lower than that of a data volume the stack's state manages",
    prevents:
      "Terraform destroying the newer volume, which leaves the configuration (`prevent_destroy` does not cover that)",
    fix: "the managed generation or higher; generations only go up",
    source: "Terraform: resources removed from the configuration are destroyed",
  },
  cannotAcknowledge: "it protects the data: the newer volume would be destroyed",

  check(ws, managed) {
    if (!managed || managed.generation <= ws.config.volume.generation) return [];
    return [
      {
        path: "volume.generation",
        info:
          `is ${ws.config.volume.generation}, but ${managed.managedBy} manages ${managed.volumeName} of generation ${managed.generation}: with a lower generation that volume would leave the configuration, ` +
          "and Terraform destroys what leaves it (prevent_destroy does not cover that)",
        fix: `set volume.generation to ${managed.generation} or higher; generations only go up`,
      },
    ];
  },
};
