import { Token } from "cdktf";
import { InvalidPropsError } from "./domain/errors";

/**
 * Secret props must be references (a sensitive TerraformVariable's value, a resource attribute): a literal
 * string would be written into cdk.tf.json and every snapshot.
 */
export function assertSecretReference(value: string | undefined, prop: string): void {
  if (value !== undefined && !Token.isUnresolved(value)) {
    throw new InvalidPropsError(
      `${prop} must reference a sensitive Terraform variable (new TerraformVariable(this, "x", { sensitive: true }).stringValue), not a literal: a literal would be written into cdk.tf.json`,
    );
  }
}
