import { TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { SECRET_VARIABLES, type SecretName } from "./domain/secrets";

/**
 * Declares the stack's sensitive variables on first use, so a stack declares only the secrets its
 * workspace needs. Values come from TF_VAR_<name> at plan time and never reach cdk.tf.json.
 *
 * @example
 * ```ts
 * const secrets = new SecretVariables(this, "secrets");
 * new ConvexDeployment(this, "convex", {
 *   workspaceName: "shop",
 *   urls,
 *   instanceSecret: secrets.get("instance_secret"), // declares variable instance_secret: TF_VAR_instance_secret
 * });
 * ```
 */
export class SecretVariables extends Construct {
  private readonly variables = new Map<SecretName, TerraformVariable>();

  /** A reference to the secret's value, for a prop that takes a secret. */
  get(name: SecretName): string {
    let variable = this.variables.get(name);
    if (!variable) {
      const spec = SECRET_VARIABLES[name];
      variable = new TerraformVariable(this.node.scope!, name, {
        type: "string",
        sensitive: true,
        nullable: false,
        description: spec.description,
        validation: spec.pattern
          ? [
              {
                condition: `\${can(regex("${spec.pattern}", var.${name}))}`,
                errorMessage: `${name}: ${spec.description}`,
              },
            ]
          : undefined,
      });
      this.variables.set(name, variable);
    }
    return variable.stringValue;
  }
}
