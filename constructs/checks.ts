import { Fn, Op, type Precondition, type TerraformResource, Token } from "cdktf";
import type { NumberRange } from "./domain/defaults";
import { InvalidPropsError } from "./domain/errors";
import { type PatternCheck, formatProblem, type ValueFormat } from "./domain/patterns";
import { hclRegexSource, templateLiteral } from "./hcl";

/*
 * aws-cdk's rule for props that may hold tokens: a value known at synthesis is checked at once, and refused
 * with an error naming the prop; an unresolved token (a Terraform variable, another resource's attribute)
 * cannot be read yet, so it is checked by Terraform at plan instead, as a precondition of the resource that
 * uses it, from the same format.
 */

/** A Terraform expression that is true when `value` passes every check. */
function planCondition(value: string, checks: readonly PatternCheck[]): unknown {
  const tests = checks.map((check) => {
    const matches = Fn.can(Fn.regex(hclRegexSource(check.pattern), value));
    return check.matches ? matches : Op.not(matches);
  });
  return tests.length === 1 ? tests[0] : Fn.alltrue(tests);
}

/** The message for a value that breaks a format; a token value is shown as Terraform resolves it. */
function refusal(prop: string, allowed: string, shown: string): string {
  return `${prop} must be ${allowed}, got ${shown}`;
}

/**
 * Checks a string prop against `format`: throws now for a known value that breaks it, or returns the
 * precondition that checks a token at plan (none for a known value).
 */
export function checkString(prop: string, value: string, format: ValueFormat): Precondition[] {
  if (Token.isUnresolved(value)) {
    return [
      {
        condition: planCondition(value, format.checks),
        errorMessage: `${templateLiteral(refusal(prop, format.allowed, '"'))}${value}"`,
      },
    ];
  }
  const problem = formatProblem(format, value);
  if (problem === undefined) return [];
  throw new InvalidPropsError(
    `${refusal(prop, format.allowed, JSON.stringify(value))}${problem === format.allowed ? "" : `: ${problem}`}`,
  );
}

/** Checks that a number prop is a whole number within `range`: now when known, at plan when a token. */
export function checkWholeNumber(prop: string, value: number, range: NumberRange, unit = ""): Precondition[] {
  const allowed = `a whole number${unit} from ${range.min} to ${range.max}`;
  if (Token.isUnresolved(value)) {
    const within = Op.and(Op.and(Op.gte(value, range.min), Op.lte(value, range.max)), Op.eq(Fn.floor(value), value));
    return [
      { condition: within, errorMessage: `${templateLiteral(refusal(prop, allowed, ""))}${Token.asString(value)}` },
    ];
  }
  if (Number.isInteger(value) && value >= range.min && value <= range.max) return [];
  throw new InvalidPropsError(refusal(prop, allowed, String(value)));
}

/** Adds preconditions to a resource's lifecycle, keeping what it has; nothing at all when there are none. */
export function addPreconditions(resource: TerraformResource, preconditions: readonly Precondition[]): void {
  if (preconditions.length === 0) return;
  resource.lifecycle = {
    ...resource.lifecycle,
    precondition: [...(resource.lifecycle?.precondition ?? []), ...preconditions],
  };
}
