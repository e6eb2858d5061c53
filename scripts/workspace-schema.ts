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
  readonly items?: JsonSchemaNode;
}

/**
 * The workspace file's JSON Schema, generated from the zod schema (vocabulary/workspace-schema.ts), which holds every
 * description and default. Draft-07: the newest draft that VS Code, JetBrains IDEs and the JSON/YAML
 * language servers all read in full. The input side of the schema: a field with a default is optional.
 */
export function workspaceJsonSchema(kinds: StorageKinds = STORAGE_KINDS): JsonSchemaNode {
  const schema = editorJsonSchema(workspaceSchema(kinds)) as {
    properties: { acknowledge: { items: { properties: { rule: Record<string, unknown> } } } };
  };
  // The ids an acknowledgement may name, from the rule registry, so that an editor completes them and flags
  // any other; the loader refuses the others too, saying why (rule acknowledgement-valid).
  schema.properties.acknowledge.items.properties.rule.enum = catalogue(kinds)
    .filter((rule) => rule.cannotAcknowledge === undefined)
    .map((rule) => rule.id);
  return schema;
}

/** Any zod schema as an editor's JSON Schema (see workspaceJsonSchema). */
export function editorJsonSchema(schema: z.ZodType): JsonSchemaNode {
  return z.toJSONSchema(schema, {
    target: "draft-07",
    io: "input",
    unrepresentable: "throw",
    override: refuseRegexFlags,
  }) as JsonSchemaNode;
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
