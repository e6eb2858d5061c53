import { z } from "zod";
import { catalogue } from "../config/rules";
import { workspaceSchema } from "../config/schema";
import { STORAGE_KINDS } from "../config/storage-kinds";
import type { StorageKinds } from "../vocabulary/storage-kinds";

/** Where `npm run schema` writes the JSON Schema, relative to the project root. */
export const WORKSPACE_SCHEMA_FILE = "config/workspace.schema.json";

/** A JSON Schema node, as far as the reference page reads it. */
export interface JsonSchemaNode {
  readonly title?: string;
  readonly description?: string;
  readonly type?: string;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly default?: unknown;
  readonly examples?: readonly unknown[];
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly properties?: Readonly<Record<string, JsonSchemaNode>>;
  readonly required?: readonly string[];
  readonly oneOf?: readonly JsonSchemaNode[];
  /** A block of several forms, told apart by one field: each form under the value of that field. */
  readonly allOf?: readonly TaggedForm[];
  readonly items?: JsonSchemaNode;
}

/** One form of a block of several, and the value of the field that selects it (see taggedUnion). */
export interface TaggedForm {
  readonly if: { readonly properties: Readonly<Record<string, { readonly const: unknown }>> };
  readonly then: JsonSchemaNode;
}

/** The forms of a block of several (`storage` by `kind`, `state` by `backend`, ...); none for any other node. */
export function formsOf(node: JsonSchemaNode): JsonSchemaNode[] {
  return (node.allOf ?? []).map((form) => form.then);
}

/**
 * The workspace file's JSON Schema, generated from the zod schema (vocabulary/workspace-schema.ts), which holds every
 * description and default. Draft-07: the newest draft that VS Code, JetBrains IDEs and the JSON/YAML
 * language servers all read in full. The input side of the schema: a field with a default is optional.
 */
export function workspaceJsonSchema(kinds: StorageKinds = STORAGE_KINDS): JsonSchemaNode {
  const schema = formatJsonSchema(kinds) as {
    properties: { acknowledge: { items: { properties: { rule: Record<string, unknown> } } } };
  };
  // The ids an acknowledgement may name, from the rule registry, so that an editor completes them and flags
  // any other; the loader refuses the others too, saying why (rule acknowledgement-valid).
  schema.properties.acknowledge.items.properties.rule.enum = catalogue(kinds)
    .filter((rule) => rule.cannotAcknowledge === undefined)
    .map((rule) => rule.id);
  return schema;
}

/**
 * The workspace file's JSON Schema as the zod schema describes it, without the rule ids an acknowledgement may
 * name: what docs/workspace-file.md is made from (docs/rules.md is the one list of which rules may be
 * acknowledged, so a new rule changes no field of the file's reference).
 */
export function formatJsonSchema(kinds: StorageKinds = STORAGE_KINDS): JsonSchemaNode {
  return editorJsonSchema(workspaceSchema(kinds));
}

/** Any zod schema as an editor's JSON Schema (see workspaceJsonSchema). */
export function editorJsonSchema(schema: z.ZodType): JsonSchemaNode {
  const generated = z.toJSONSchema(schema, {
    target: "draft-07",
    io: "input",
    unrepresentable: "throw",
    override: refuseRegexFlags,
  });
  return taggedUnions(generated) as JsonSchemaNode;
}

/**
 * zod writes a discriminated union as a plain `oneOf`: a validator then checks the file against every form
 * and reports why each one fails, so one misspelt key of `storage` reads as a dozen errors, most of them
 * about forms the file never meant. Rewritten here as the form the tag selects, which draft-07 says with
 * `if`/`then`: the tag must be one of the values, and only the form it names is checked, so one typo is one
 * error (a validator that reports every failing keyword, such as ajv, adds one line saying the form failed).
 */
function taggedUnions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(taggedUnions);
  if (node === null || typeof node !== "object") return node;
  const object = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, taggedUnions(value)]));
  const forms = object.oneOf as JsonSchemaNode[] | undefined;
  const tag = forms && tagOf(forms);
  if (!forms || tag === undefined) return object;
  const values = forms.map((form) => form.properties?.[tag]?.const);
  return {
    ...Object.fromEntries(Object.entries(object).filter(([key]) => key !== "oneOf")),
    type: "object",
    required: [tag],
    properties: {
      [tag]: {
        description: `Which form this block takes: ${values.map((v) => JSON.stringify(v)).join(", ")}.`,
        enum: values,
      },
    },
    allOf: forms.map((form, i) => ({
      if: { properties: { [tag]: { const: values[i] } }, required: [tag] },
      then: form,
    })),
  };
}

/** The field every form gives a value of its own (`const`) and requires, if there is one. */
function tagOf(forms: readonly JsonSchemaNode[]): string | undefined {
  const [first, ...others] = forms;
  return Object.keys(first?.properties ?? {}).find((key) =>
    [first, ...others].every(
      (form) => form.properties?.[key]?.const !== undefined && (form.required ?? []).includes(key),
    ),
  );
}

/** The committed file's text. */
export function renderWorkspaceJsonSchema(): string {
  return `${JSON.stringify(workspaceJsonSchema(), null, 2)}\n`;
}

/**
 * JSON Schema's `pattern` has no flags, and zod writes a regex's source without them: `/^[a-z]+$/i` would
 * become a pattern that refuses upper case, which zod accepts. Refused here, so the editor and the loader
 * never disagree.
 */
function refuseRegexFlags(ctx: { zodSchema: z.core.$ZodTypes; path: (string | number)[] }): void {
  const checks = (ctx.zodSchema._zod.def as { checks?: z.core.$ZodCheck[] }).checks ?? [];
  for (const check of checks) {
    const pattern = (check._zod.def as { pattern?: RegExp }).pattern;
    if (pattern?.flags) {
      throw new Error(
        `vocabulary/workspace-schema.ts: /${pattern.source}/${pattern.flags} at #/${ctx.path.join("/")} has flags, which JSON Schema cannot carry: spell them out`,
      );
    }
  }
}
