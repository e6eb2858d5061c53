import { DataResource } from "cdktf";
import { Construct } from "constructs";
import { canonicalStorageLocation, GUARDED_PATHS, type GuardedField, type VolumeFingerprint, volumeChangeMessage } from "./domain";

export interface VolumeFingerprintGuardProps {
  /** What the volume is deployed with now (storage mode and location, instance name, database). */
  readonly fingerprint: VolumeFingerprint;
  /** The guarded volume's name; a new name (a new generation) starts a new ledger. */
  readonly volumeName: string;
  /** The volume's generation, for the way out the explanation gives. @default 1 */
  readonly generation?: number;
}

/** A Terraform string template literal: `${` and `%{` would start an interpolation or a directive. */
function templateLiteral(text: string): string {
  // A function as replacement: in a replacement string "$$" would itself mean "$".
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** A quoted HCL string. */
function hclString(text: string): string {
  return templateLiteral(JSON.stringify(text));
}

const RECORDED = "\u0000recorded\u0000";

/**
 * canonicalStorageLocation() of config/fingerprint.ts as a Terraform expression, for a ledger that recorded
 * an endpoint as the file spelled it: scheme and host in lower case, the scheme's default port and trailing
 * slashes dropped. The requested location is canonical already (s3Location). A test plans both on the same cases.
 */
function canonicalLocation(location: string): string {
  const schemeAndHost = `regex("^[^ /]*(?://[^ /?#]*)?", ${location})`;
  const lowered = `format("%s%s", lower(${schemeAndHost}), substr(${location}, length(${schemeAndHost}), -1))`;
  const withoutHttpPort = `replace(${lowered}, "/^(http://[^ /?#]*):0*80([ /?#]|$)/", "$1$2")`;
  const withoutHttpsPort = `replace(${withoutHttpPort}, "/^(https://[^ /?#]*):0*443([ /?#]|$)/", "$1$2")`;
  return `replace(${withoutHttpsPort}, "/^([^ ]*?)/+( |$)/", "$1$2")`;
}

/**
 * Stops `terraform plan` before a deployed volume is switched to settings that lose its data, with no
 * daemon access and whatever the state backend: a terraform_data ledger keeps the fingerprint the volume
 * was first deployed with (its input is never updated; a new volume name replaces it), and a guard's
 * preconditions compare it with the current one, failing with the explanation validate and synth give.
 * Only Terraform's builtin provider is needed.
 */
export class VolumeFingerprintGuard extends Construct {
  /** Holds the recorded fingerprint as its output. */
  readonly ledger: DataResource;
  /** Fails the plan on a data-losing change; make the volume and the containers depend on it. */
  readonly guard: DataResource;

  constructor(scope: Construct, id: string, props: VolumeFingerprintGuardProps) {
    super(scope, id);
    const requested = props.fingerprint;
    this.ledger = new DataResource(this, "ledger", {
      // Literal text for Terraform, so its output is the fingerprint itself.
      input: Object.fromEntries(Object.entries(requested).map(([field, value]) => [field, templateLiteral(value)])),
      triggersReplace: { volume: props.volumeName },
      lifecycle: { ignoreChanges: ["input"] },
    });
    const recorded = (field: keyof VolumeFingerprint) => `${this.ledger.fqn}.output.${field}`;
    // The same cases as volumeChanges() in constructs/domain/volume-change.ts, as Terraform expressions.
    const passes: Record<GuardedField, string> = {
      storageMode: `${recorded("storageMode")} == ${hclString(requested.storageMode)}`,
      // Only a gateway's location has an endpoint to spell two ways ("volume" and "aws ..." have none).
      storageLocation: `${recorded("storageMode")} != ${hclString(requested.storageMode)} || ${/^https?:\/\//i.test(requested.storageLocation) ? canonicalLocation(recorded("storageLocation")) : recorded("storageLocation")} == ${hclString(canonicalStorageLocation(requested.storageLocation))}`,
      instanceName: `!(${recorded("storageMode")} == "s3" || ${recorded("database")} != "sqlite") || ${recorded("instanceName")} == ${hclString(requested.instanceName)}`,
      database: `${recorded("database")} == ${hclString(requested.database)}`,
    };
    const volume = { workspace: requested.workspace, volumeName: props.volumeName, generation: props.generation ?? 1 };
    this.guard = new DataResource(this, "guard", {
      lifecycle: {
        precondition: (Object.keys(passes) as GuardedField[]).map((field) => ({
          condition: `\${${passes[field]}}`,
          errorMessage: templateLiteral(`${GUARDED_PATHS[field]}: ${volumeChangeMessage(field, RECORDED, requested[field], volume)}`)
            .split(RECORDED)
            .join(`\${${recorded(field)}}`),
        })),
      },
    });
  }
}
