/*
 * The default of a knob as upstream writes it: the second argument of `env_config("NAME", <default>)` in
 * crates/common/src/knobs.rs (crates/cmd_util/src/env.rs defines env_config). Defaults are literals,
 * products and sums of literals (`60 * 60 * 24 * 14`), or a constant of the same file
 * (`DEFAULT_APPLICATION_MAX_FUNCTION_CONCURRENCY`); those are evaluated. Anything else is returned as
 * written, marked, for the reviewer of a regenerated catalogue to read.
 */

/** A default that could not be evaluated starts with this. */
export const UNEVALUATED = "unevaluated: ";

/** Where a knob is read and what its default is, in the file's own text. */
export interface EnvConfigDefault {
  /** 1-based line of the variable's name. */
  readonly line: number;
  /** The evaluated default (a decimal number, `true`, `false`), or UNEVALUATED and the expression. */
  readonly value: string;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function stripComments(expression: string): string {
  return expression.replace(/\/\/[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "");
}

/** The text from `start` to the parenthesis that closes the call `start` is inside of. */
function untilCallCloses(text: string, start: number): string | undefined {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      if (depth === 0) return text.slice(start, i);
      depth--;
    } else if (c === "," && depth === 0) return text.slice(start, i);
  }
  return undefined;
}

/**
 * The value expression of `const NAME: T = <expr>;` or `static NAME: T = <expr>;` in the file; for a knob
 * (`static NAME: LazyLock<T> = LazyLock::new(|| env_config("OTHER", <expr>))`, dereferenced as `*NAME`), the
 * default of that knob.
 */
function constantExpression(text: string, name: string): string | undefined {
  const lazy = new RegExp(
    `\\bstatic\\s+${name}\\s*:\\s*LazyLock<[^=]+=\\s*LazyLock::new\\(\\|\\|\\s*env_config\\(\\s*"[A-Z0-9_]+"\\s*,`,
  ).exec(text);
  if (lazy) return untilCallCloses(text, lazy.index + lazy[0].length);
  const match = new RegExp(`\\b(?:const|static)\\s+${name}\\s*:[^=]+=([^;]+);`).exec(text);
  return match?.[1];
}

/** Evaluates literals, `*`, `+`, `-`, parentheses and the file's constants; undefined when it cannot. */
function evaluateRust(expression: string, file: string, depth = 0): string | undefined {
  const source = stripComments(expression).trim();
  if (source === "true" || source === "false") return source;
  const tokens = source.match(/\d[\d_]*(?:u8|u16|u32|u64|u128|usize|i32|i64)?|[A-Z][A-Z0-9_]*|[*+\-()]|\S/g) ?? [];
  let at = 0;
  const atom = (): bigint | undefined => {
    const token = tokens[at++];
    if (token === undefined) return undefined;
    if (token === "(") {
      const value = sum();
      return tokens[at++] === ")" ? value : undefined;
    }
    if (/^\d/.test(token)) return BigInt(token.replace(/_/g, "").replace(/[a-z].*$/, ""));
    if (token === "*" && /^[A-Z]/.test(tokens[at] ?? "")) return atom();
    if (/^[A-Z]/.test(token) && depth < 5) {
      const constant = constantExpression(file, token);
      const value = constant === undefined ? undefined : evaluateRust(constant, file, depth + 1);
      return value !== undefined && /^-?\d+$/.test(value) ? BigInt(value) : undefined;
    }
    return undefined;
  };
  const product = (): bigint | undefined => {
    let value = atom();
    while (value !== undefined && tokens[at] === "*") {
      at++;
      const next = atom();
      value = next === undefined ? undefined : value * next;
    }
    return value;
  };
  const sum = (): bigint | undefined => {
    let value = product();
    while (value !== undefined && (tokens[at] === "+" || tokens[at] === "-")) {
      const op = tokens[at++];
      const next = product();
      value = next === undefined ? undefined : op === "+" ? value + next : value - next;
    }
    return value;
  };
  const value = sum();
  return value !== undefined && at === tokens.length ? value.toString() : undefined;
}

/** `env_config("NAME", <default>)` in the file: its line and default; undefined when the file has no such call. */
export function envConfigDefault(file: string, variable: string): EnvConfigDefault | undefined {
  const call = new RegExp(`env_config\\(\\s*"${variable}"\\s*,`).exec(file);
  if (!call) return undefined;
  const nameAt = file.indexOf(`"${variable}"`, call.index);
  const expression = untilCallCloses(file, call.index + call[0].length);
  const evaluated = expression === undefined ? undefined : evaluateRust(expression, file);
  const written = stripComments(expression ?? "")
    .replace(/\s+/g, " ")
    .trim();
  return { line: lineOf(file, nameAt), value: evaluated ?? `${UNEVALUATED}${written}` };
}

/** The 1-based line of the first match of a pattern in a file, or undefined. */
export function lineOfMatch(file: string, pattern: RegExp): number | undefined {
  const match = pattern.exec(file);
  return match ? lineOf(file, match.index) : undefined;
}
