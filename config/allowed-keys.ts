import type { z } from "zod";

type AnySchema = z.core.$ZodType;

/**
 * The keys `root` (the workspace file's schema) accepts at `path` of a workspace file (following the
 * discriminator of a union through `input`), so an unknown-key error can say what was meant.
 */
export function allowedKeysAt(path: readonly PropertyKey[], input: unknown, root: AnySchema): string[] {
  let schema: AnySchema | undefined = root;
  let value: unknown = input;
  for (const key of [...path, undefined]) {
    schema = unwrap(schema, value);
    if (key === undefined) break;
    const shape = shapeOf(schema);
    schema = shape?.[String(key)];
    value = value && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return Object.keys(shapeOf(schema) ?? {});
}

function unwrap(schema: AnySchema | undefined, value: unknown): AnySchema | undefined {
  let current = schema;
  while (current) {
    const def = current._zod.def as {
      type: string;
      innerType?: AnySchema;
      options?: AnySchema[];
      discriminator?: string;
    };
    if (def.innerType) current = def.innerType;
    else if (def.type === "union" && def.options && def.discriminator) {
      const kind =
        value && typeof value === "object" ? (value as Record<string, unknown>)[def.discriminator] : undefined;
      current = def.options.find((option) =>
        (shapeOf(option)?.[def.discriminator!]?._zod.def as { values?: unknown[] })?.values?.includes(kind),
      );
    } else return current;
  }
  return undefined;
}

function shapeOf(schema: AnySchema | undefined): Record<string, AnySchema> | undefined {
  return (schema?._zod.def as { shape?: Record<string, AnySchema> } | undefined)?.shape;
}

/** The allowed key closest to a misspelt one (edit distance at most a third of its length). */
export function closestKey(key: string, allowed: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  return best && best.distance <= Math.max(1, Math.floor(key.length / 3)) ? best.key : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
