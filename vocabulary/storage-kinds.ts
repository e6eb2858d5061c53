import { z } from "zod";
import type { StorageKind, StorageRule } from "./storage-kind";
import type { StorageConfig, StorageForms, StorageSchema } from "./workspace-schema";

/**
 * The storage kinds an app is built from, fixed once made: the app's own list (config/storage-kinds.ts), or
 * any other list, as a test that adds a kind of its own makes one. Everything that works per kind before a
 * workspace is resolved takes it (the schema's `storage` union, resolution, the rule catalogue and
 * docs/rules.md); after that, the workspace carries its kind (ResolvedWorkspace.storageKind).
 */
export interface StorageKinds {
  /** Every kind, in the order of the list: the order of the schema's `storage` union. */
  readonly all: readonly StorageKind[];
  /** The `storage` forms the workspace schema is built with, and the block a file without `storage` gets. */
  readonly forms: StorageForms;
  /** The rules of every kind, each once, in the order the kinds list them. */
  readonly rules: readonly StorageRule<StorageConfig>[];
  /** The kind of a `storage` block the schema has parsed with these forms. */
  of(storage: StorageConfig): StorageKind;
  /** The kinds a rule belongs to. */
  kindsOfRule(id: string): string[];
}

/**
 * Makes the list of storage kinds an app is built from. `fallback` is the kind of a workspace file that
 * has no `storage` block. Throws, naming the kind, for a kind whose schema does not name it, for one listed
 * twice, and for a fallback that is not in the list.
 */
export function storageKinds(kinds: readonly StorageKind[], fallback: StorageKind): StorageKinds {
  if (kinds.length === 0) throw new Error("a list of storage kinds needs at least one kind");
  for (const [i, kind] of kinds.entries()) {
    const field = (kind.schema.shape as Record<string, z.core.$ZodType | undefined>).kind;
    const literal = (field?._zod.def as { values?: unknown[] } | undefined)?.values;
    if (literal?.length !== 1 || literal[0] !== kind.kind)
      throw new Error(`storage kind ${kind.kind}: its schema's kind must be the literal "${kind.kind}"`);
    if (kinds.findIndex((other) => other.kind === kind.kind) !== i)
      throw new Error(`storage kind ${kind.kind} is listed twice`);
  }
  if (!kinds.includes(fallback)) throw new Error(`the fallback storage kind ${fallback.kind} is not in the list`);
  const all = Object.freeze([...kinds]);
  const byName = new Map(all.map((kind) => [kind.kind, kind]));
  const forms = all.map((kind) => kind.schema) as [z.ZodObject, ...z.ZodObject[]];
  return Object.freeze({
    all,
    forms: Object.freeze({
      schema: z.discriminatedUnion("kind", forms) as unknown as StorageSchema,
      kinds: Object.freeze(all.map((kind) => kind.kind)),
      default: Object.freeze({ kind: fallback.kind }),
    }),
    rules: Object.freeze([...new Set(all.flatMap((kind) => kind.rules))]),
    of(storage: StorageConfig): StorageKind {
      const kind = byName.get(storage.kind);
      if (!kind)
        throw new Error(`no storage kind "${storage.kind}" is in the list (${all.map((k) => k.kind).join(", ")})`);
      return kind;
    },
    kindsOfRule(id: string): string[] {
      return all.filter((kind) => kind.rules.some((rule) => rule.id === id)).map((kind) => kind.kind);
    },
  });
}
