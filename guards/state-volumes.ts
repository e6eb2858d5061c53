import { FINGERPRINT_FIELDS, fingerprintFromLabels, type VolumeFingerprint } from "../constructs/domain";
import type { TerraformState } from "./state-document";

/** A data volume a state records, with what it was created with when the state says so. */
export interface StateVolume {
  readonly name: string;
  /**
   * What the record says the volume was created with: the fields it holds, a missing one unknown.
   * undefined: recorded without any convex-stack.* label, so nothing is known.
   */
  readonly fingerprint?: Partial<VolumeFingerprint>;
}

/**
 * The data volumes a state records, from two records that agree when both are there: each docker_volume
 * with its labels (the docker provider keeps them as a set of {label, value} blocks), and the volume
 * guard's ledger, a terraform_data whose output is the fingerprint the volume was first deployed with and
 * whose triggers_replace names the volume (constructs/volume-fingerprint-guard.ts). The ledger needs only
 * Terraform's builtin provider, so it is there even where the docker provider never ran.
 */
export function volumesInState(state: TerraformState): StateVolume[] {
  const volumes: StateVolume[] = [];
  for (const resource of state.resources as Record<string, unknown>[]) {
    if (resource?.mode !== "managed" || !Array.isArray(resource.instances)) continue;
    for (const instance of resource.instances as { attributes?: Record<string, unknown> }[]) {
      const attributes = instance?.attributes;
      if (!attributes) continue;
      if (resource.type === "docker_volume") {
        const volume = dockerVolume(attributes);
        if (volume) volumes.push(volume);
      }
      if (resource.type === "terraform_data") {
        const ledger = guardLedger(attributes);
        if (ledger) volumes.push(ledger);
      }
    }
  }
  return volumes;
}

function dockerVolume(attributes: Record<string, unknown>): StateVolume | undefined {
  if (typeof attributes.name !== "string") return undefined;
  const labels: Record<string, string> = {};
  if (Array.isArray(attributes.labels)) {
    for (const entry of attributes.labels as { label?: unknown; value?: unknown }[]) {
      if (typeof entry?.label === "string" && typeof entry.value === "string") labels[entry.label] = entry.value;
    }
  }
  const fingerprint = fingerprintFromLabels(labels);
  return { name: attributes.name, fingerprint: Object.keys(fingerprint).length > 0 ? fingerprint : undefined };
}

/**
 * A terraform_data is the guard's ledger when it names a volume and its output holds fingerprint fields;
 * like labels, a partial record is compared on the fields it holds.
 */
function guardLedger(attributes: Record<string, unknown>): StateVolume | undefined {
  const volume = valueOf(attributes.triggers_replace)?.volume;
  const output = valueOf(attributes.output);
  if (typeof volume !== "string" || !output) return undefined;
  const fields = FINGERPRINT_FIELDS.filter((field) => typeof output[field] === "string");
  if (fields.length === 0) return undefined;
  return {
    name: volume,
    fingerprint: Object.fromEntries(fields.map((field) => [field, output[field]])),
  };
}

/** terraform_data keeps dynamic values as {value, type}. */
function valueOf(attribute: unknown): Record<string, unknown> | undefined {
  const value = (attribute as { value?: unknown } | undefined)?.value;
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
