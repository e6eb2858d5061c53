/** A string somewhere in a file as written: a value, or a key (the path then ends with the key itself). */
export interface StringInFile {
  readonly text: string;
  readonly path: readonly PropertyKey[];
  readonly isKey: boolean;
}

/**
 * Every string of a parsed file, values and keys, at any depth, keys before the values under them. Iterative: a file
 * the JSON reader let through nests at most MAX_JSON_DEPTH levels, but a caller may pass any object.
 */
export function stringsOf(raw: unknown): StringInFile[] {
  const found: StringInFile[] = [];
  const stack: { value: unknown; path: readonly PropertyKey[] }[] = [{ value: raw, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string") found.push({ text: value, path, isKey: false });
    else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
    } else if (value && typeof value === "object") {
      const keys = Object.keys(value);
      for (const key of keys) found.push({ text: key, path: [...path, key], isKey: true });
      for (let i = keys.length - 1; i >= 0; i--)
        stack.push({ value: (value as Record<string, unknown>)[keys[i]], path: [...path, keys[i]] });
    }
  }
  return found;
}
