import type { z } from "zod";
import type { StorageConfig } from "../config/schema";
import { awsS3 } from "./aws-s3";
import { cephViaGateway } from "./ceph-via-gateway";
import type { StorageKind, StorageRule } from "./kind";
import { localPlusSync } from "./local-plus-sync";
import { localStorage } from "./local-storage";

export type * from "./kind";

const registered: StorageKind[] = [];
let changes = 0;

/**
 * Adds a storage kind: the workspace file's schema takes its `storage` form from then on, and every part of
 * the app that works per kind (resolution, the expected fingerprint, the rules, synthesis, the doctor,
 * restore) finds it here. The built-in kinds are registered below, the same way.
 */
export function registerStorageKind<S extends StorageConfig>(kind: StorageKind<S>): void {
  const kindField = kind.schema.shape.kind as z.ZodType | undefined;
  const literal = (kindField?._zod.def as { values?: unknown[] } | undefined)?.values;
  if (literal?.length !== 1 || literal[0] !== kind.kind)
    throw new Error(`storage kind ${kind.kind}: its schema's kind must be the literal "${kind.kind}"`);
  if (registered.some((other) => other.kind === kind.kind))
    throw new Error(`storage kind ${kind.kind} is registered already`);
  registered.push(kind);
  changes++;
}

/** Every registered kind, in the order of registration (the order of the schema's union). */
export function storageKinds(): readonly StorageKind[] {
  return registered;
}

/** How many registrations there have been: what is built from the kinds is built again when it changes. */
export function storageKindsVersion(): number {
  return changes;
}

/** The kind of a `storage` block the schema has parsed (so its kind is registered). */
export function storageKindOf(storage: StorageConfig): StorageKind {
  const kind = registered.find((candidate) => candidate.kind === storage.kind);
  if (!kind) throw new Error(`no storage kind "${storage.kind}" is registered (storage-kinds/index.ts)`);
  return kind;
}

/** The rules of every kind, each once, in the order the kinds list them. */
export function storageRules(): readonly StorageRule<StorageConfig>[] {
  return [...new Set(registered.flatMap((kind) => kind.rules))];
}

/** The kinds a rule belongs to. */
export function kindsOfRule(id: string): string[] {
  return registered.filter((kind) => kind.rules.some((rule) => rule.id === id)).map((kind) => kind.kind);
}

/** The `storage` of a workspace file that has none. */
export const DEFAULT_STORAGE: StorageConfig = { kind: localStorage.kind };

registerStorageKind(localStorage);
registerStorageKind(awsS3);
registerStorageKind(cephViaGateway);
registerStorageKind(localPlusSync);
