import { Fn, type IResolvable, type Precondition, TerraformVariable, Token, Tokenization } from "cdktf";
import type { Construct } from "constructs";
import { InvalidPropsError } from "./domain/errors";
import { hclRegexSource } from "./hcl";

/*
 * A prop documented as secret ends up in cdk.tf.json as whatever expression it is: a sensitive variable's
 * reference is all Terraform needs there, and the value comes from TF_VAR_<name> at plan. Anything else puts
 * text into the file, or lets it out of the plan: a literal, a template literal around a variable
 * (`postgres://app:${password}@db`: the user and host are in the file, and the whole URL is no longer known to
 * be secret), a function with literal arguments (Fn.join("-", [...])), or a variable not marked sensitive
 * (Terraform prints it in plans and logs). So the token's expression is walked: every reference in it must be
 * a sensitive variable, and functions of those (Fn.lower, Fn.trimspace, Fn.join("", [...])) are the only
 * other thing it may hold.
 */

/** How a secret is written, for messages. */
const HOW =
  'reference a sensitive Terraform variable (new TerraformVariable(this, "x", { type: "string", sensitive: true }).stringValue), or be a Terraform function of such references only';

/**
 * Refuses a secret prop that is not a sensitive variable's value or a function of those only, naming the
 * prop and what it holds instead, never the value.
 */
export function assertSecretReference(value: string | undefined, prop: string): void {
  if (value === undefined) return;
  const problem = Token.isUnresolved(value) ? problemOfString(value) : "it is literal text";
  if (problem !== undefined)
    throw new InvalidPropsError(
      `${prop} must ${HOW}; ${problem}, which would be written into cdk.tf.json or shown in plans`,
    );
}

/**
 * A plan-time check of a secret's form (the value is known only then): a precondition whose message names
 * the prop and what it takes, and never shows the value.
 */
export function secretFormatCheck(prop: string, value: string, pattern: RegExp, allowed: string): Precondition {
  // A value that is one variable is named as its user sets it, TF_VAR_<name>.
  const token = Tokenization.reverseString(value).firstToken as Partial<ReferenceShape> | undefined;
  const variable = token?.identifier?.startsWith("var.") ? ` (TF_VAR_${token.identifier.slice("var.".length)})` : "";
  return {
    condition: Fn.can(Fn.regex(hclRegexSource(pattern), value)),
    errorMessage: `${prop}${variable} must be ${allowed} (the value is not shown: it is secret)`,
  };
}

function problemOfString(value: string): string | undefined {
  const fragments = Tokenization.reverseString(value);
  if (fragments.literals.some((literal) => String(literal) !== "") || fragments.escapes.length > 0)
    return "it holds literal text next to the reference (a template literal, or text joined to it)";
  for (const token of [...fragments.tokens, ...fragments.intrinsic]) {
    const problem = problemOfToken(token);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** cdktf's reference to a Terraform object (`var.x`, `docker_volume.y.name`), as it keeps it. */
interface ReferenceShape {
  readonly identifier: string;
  readonly originStack?: Construct;
}

/** cdktf's call of a Terraform function (Fn.*), as it keeps it. */
interface FunctionCallShape {
  readonly name: string;
  readonly args: readonly unknown[];
}

function problemOfToken(token: IResolvable): string | undefined {
  const shape = token as Partial<ReferenceShape & FunctionCallShape>;
  if (typeof shape.identifier === "string") return problemOfReference(shape as ReferenceShape);
  if (typeof shape.name === "string" && Array.isArray(shape.args)) {
    for (const arg of shape.args) {
      const problem = problemOfArgument(arg, shape.name);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  return "it is a Terraform expression other than a sensitive variable or a function of sensitive variables";
}

function problemOfReference({ identifier, originStack }: ReferenceShape): string | undefined {
  if (!identifier.startsWith("var."))
    return `it references ${identifier}, which is not a Terraform variable (a resource's attribute is stored in the state as it is)`;
  const name = identifier.slice("var.".length);
  const variable = originStack?.node
    .findAll()
    .find((c): c is TerraformVariable => c instanceof TerraformVariable && c.friendlyUniqueId === name);
  if (variable?.sensitive !== true)
    return `it references the variable ${name}, which is not marked sensitive (TerraformVariable's sensitive: true keeps it out of plans and logs)`;
  return undefined;
}

function problemOfArgument(arg: unknown, functionName: string): string | undefined {
  if (typeof arg === "string") {
    if (Token.isUnresolved(arg)) return problemOfString(arg);
    return arg === "" ? undefined : `it passes literal text to the function ${functionName}`;
  }
  if (typeof arg === "number") {
    return Token.isUnresolved(arg) ? problemOfToken(Tokenization.reverseNumber(arg)!) : undefined;
  }
  if (Array.isArray(arg)) {
    const list = Tokenization.reverseList(arg as string[]);
    if (list) return problemOfToken(list);
    for (const item of arg) {
      const problem = problemOfArgument(item, functionName);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (Tokenization.isResolvable(arg)) return problemOfToken(arg);
  return `it passes a value other than text to the function ${functionName}`;
}
