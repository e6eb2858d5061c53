import { DataResource, Fn, TerraformLocal, Token } from "cdktf";
import { Construct } from "constructs";
import { FIRST_VOLUME_GENERATION } from "./domain/defaults";
import { canonicalStorageLocation, FINGERPRINT_FIELDS, type VolumeFingerprint } from "./domain/fingerprint";
import {
  DEPLOYMENT_PROPS_WORDING,
  type GuardedField,
  type VolumeChangeWording,
  volumeChangeMessage,
} from "./domain/volume-change";
import { hclString, templateLiteral } from "./hcl";

/** VolumeFingerprintGuard's props. */
export interface VolumeFingerprintGuardProps {
  /** What the volume is deployed with now (storage mode and location, instance name, database). */
  readonly fingerprint: VolumeFingerprint;
  /** The guarded volume's name; a new name (a new generation) starts a new ledger. */
  readonly volumeName: string;
  /** The volume's generation, for the way out the explanation gives. @default 1 */
  readonly generation?: number;
  /**
   * What the explanation calls the settings a user changes, so it names what they edit.
   * @default DEPLOYMENT_PROPS_WORDING (ConvexDeployment's props)
   */
  readonly wording?: VolumeChangeWording;
}

/** Stands for the recorded value in a message until the guard puts the ledger's reference there. */
const RECORDED = "\u0000recorded\u0000";
/** Stands for each requested value and volume name in a message, which may be a token not to be escaped. */
const placeholder = (name: string) => `\u0000${name}\u0000`;

/**
 * canonicalStorageLocation() of constructs/domain/fingerprint.ts as a Terraform expression, for a ledger that recorded
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
 * preconditions compare it with the current one, failing with the explanation volumeChangeExplanation gives
 * (as this repository's app does in validate and synth).
 * Only Terraform's builtin provider is needed. Fingerprint values may be tokens (a variable, a resource
 * attribute): the ledger then records what they resolve to at the first apply.
 *
 * ConvexDataVolume makes one when a ConvexBackend first uses it; make one yourself only for a volume of your own.
 *
 * @example
 * ```ts
 * const guard = new VolumeFingerprintGuard(this, "volume-guard", {
 *   fingerprint: volumeFingerprint({ workspaceName: "shop", instanceName: "convex-shop", storage: new LocalStorage(), database: Database.sqlite() }),
 *   volumeName: "convex-shop-data",
 * });
 * volume.dependsOn = [dependable(guard.guard)];
 * ```
 */
export class VolumeFingerprintGuard extends Construct {
  /** What this guard was made with: the volume's labels say the same. */
  readonly fingerprint: VolumeFingerprint;
  /** Holds the recorded fingerprint as its output. */
  readonly ledger: DataResource;
  /** Fails the plan on a data-losing change; make the volume and the containers depend on it. */
  readonly guard: DataResource;

  constructor(scope: Construct, id: string, props: VolumeFingerprintGuardProps) {
    super(scope, id);
    const requested = props.fingerprint;
    const wording = props.wording ?? DEPLOYMENT_PROPS_WORDING;
    this.fingerprint = requested;
    this.ledger = new DataResource(this, "ledger", {
      // Literal text for Terraform, so its output is the fingerprint itself.
      input: literalFields(requested),
      triggersReplace: { volume: props.volumeName },
      lifecycle: { ignoreChanges: ["input"] },
    });
    const recorded = (field: keyof VolumeFingerprint) => `${this.ledger.fqn}.output.${field}`;
    const operand = this.requestedOperands({
      ...requested,
      storageLocation: canonicalStorageLocation(requested.storageLocation),
    });
    const gateway = /^https?:\/\//i.test(requested.storageLocation);
    const tokenLocation = Token.isUnresolved(requested.storageLocation);
    // The same cases as volumeChanges() in constructs/domain/volume-change.ts, as Terraform expressions.
    const passes: Record<GuardedField, string> = {
      storageMode: `${recorded("storageMode")} == ${operand("storageMode")}`,
      // Only a gateway's location has an endpoint to spell two ways ("volume" and "aws ..." have none); a
      // location holding a token is spelled canonically by Terraform on both sides.
      storageLocation: `${recorded("storageMode")} != ${operand("storageMode")} || ${gateway || tokenLocation ? canonicalLocation(recorded("storageLocation")) : recorded("storageLocation")} == ${tokenLocation ? canonicalLocation(operand("storageLocation")) : operand("storageLocation")}`,
      instanceName: `!(${recorded("storageMode")} == "s3" || ${recorded("database")} != "sqlite") || ${recorded("instanceName")} == ${operand("instanceName")}`,
      database: `${recorded("database")} == ${operand("database")}`,
    };
    const generation = props.generation ?? FIRST_VOLUME_GENERATION;
    this.guard = new DataResource(this, "guard", {
      lifecycle: {
        precondition: (Object.keys(passes) as GuardedField[]).map((field) => ({
          condition: `\${${passes[field]}}`,
          errorMessage: explanation(field, requested, props.volumeName, generation, wording)
            .split(RECORDED)
            .join(`\${${recorded(field)}}`),
        })),
      },
    });
  }

  /**
   * How a condition refers to each requested value: a quoted literal, or, when the fingerprint holds a token,
   * a field of a local value holding the requested fingerprint (cdktf writes a token inside a quoted string
   * within an expression as bare text, and a terraform_data's output would not be known until apply).
   */
  private requestedOperands(requested: VolumeFingerprint): (field: keyof VolumeFingerprint) => string {
    if (!FINGERPRINT_FIELDS.some((field) => Token.isUnresolved(requested[field])))
      return (field) => hclString(requested[field]);
    const current = new TerraformLocal(this, "requested", literalFields(requested));
    return (field) => Token.asString(Fn.lookup(current.asStringMap, field));
  }
}

/**
 * The explanation for `field`, as a template: its literal text escaped, its values (which may hold tokens)
 * escaped except for their tokens, and RECORDED left for the ledger's reference.
 */
function explanation(
  field: GuardedField,
  requested: VolumeFingerprint,
  volumeName: string,
  generation: number,
  wording: VolumeChangeWording,
): string {
  const values: Record<string, string> = {
    [placeholder("requested")]: requested[field],
    [placeholder("workspace")]: requested.workspace,
    [placeholder("volume")]: volumeName,
  };
  const volume = { workspace: placeholder("workspace"), volumeName: placeholder("volume"), generation };
  let text = templateLiteral(
    `${wording.settings[field]}: ${volumeChangeMessage(field, RECORDED, placeholder("requested"), volume, wording)}`,
  );
  for (const [mark, value] of Object.entries(values)) text = text.split(mark).join(templateLiteral(value));
  return text;
}

/** Each field of a fingerprint as literal text for Terraform (in the fingerprint's own field order). */
function literalFields(fingerprint: VolumeFingerprint): Record<string, string> {
  const fields: Record<string, string> = { ...fingerprint };
  return Object.fromEntries(Object.entries(fields).map(([field, value]) => [field, templateLiteral(value)]));
}
