import type { z } from "zod";
import { workspaceSchema } from "../../config/schema";

/** A string field of the workspace schema: its path, and the union choices (e.g. storage.kind) it lives under. */
export interface StringField {
  readonly path: readonly string[];
  /** Discriminator values on the way, by the path of the discriminator: { "storage.kind": "CephViaGateway" }. */
  readonly choices: Readonly<Record<string, string>>;
}

type AnySchema = z.core.$ZodType;
interface Def {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  shape?: Record<string, AnySchema>;
  options?: AnySchema[];
  discriminator?: string;
  values?: unknown[];
}

const defOf = (schema: AnySchema) => schema._zod.def as unknown as Def;

/**
 * Every field of the workspace schema that takes a string, found by walking the schema itself, so a field
 * added later is in the list without anyone adding it. Enums and literals (fixed words) are not free text.
 */
export function stringFieldsOfSchema(): StringField[] {
  const found: StringField[] = [];
  const walk = (schema: AnySchema, path: string[], choices: Record<string, string>): void => {
    const def = defOf(schema);
    switch (def.type) {
      case "default":
      case "optional":
      case "nullable":
      case "prefault":
        return walk(def.innerType!, path, choices);
      case "pipe":
        return walk(def.in!, path, choices);
      case "string":
        found.push({ path, choices });
        return;
      case "object":
        for (const [key, child] of Object.entries(def.shape!)) walk(child, [...path, key], choices);
        return;
      case "union":
        for (const option of def.options!) {
          // A plain union (e.g. an IPv4 or an IPv6 address) is one field; a discriminated one, one per kind.
          const discriminator = def.discriminator;
          if (discriminator === undefined) walk(option, path, choices);
          else
            walk(option, path, {
              ...choices,
              [[...path, discriminator].join(".")]: defOf(defOf(option).shape![discriminator]).values![0] as string,
            });
        }
        return;
      default:
        return; // numbers, booleans, enums, literals
    }
  };
  walk(workspaceSchema(), [], {});
  const key = (field: StringField) => JSON.stringify([field.path, field.choices]);
  return found.filter((field, i) => found.findIndex((other) => key(other) === key(field)) === i);
}
