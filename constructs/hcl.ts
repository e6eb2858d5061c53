/**
 * Text for a Terraform string template, taken literally: `${` and `%{` would start an interpolation or a
 * directive. cdktf's own token markers (`${TfToken[...]}`) are left alone, so a token inside still
 * resolves to its reference.
 */
export function templateLiteral(text: string): string {
  // A function as replacement: in a replacement string "$$" would itself mean "$".
  return text.replace(/\$\{(?!TfToken\[)/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** A quoted HCL string of literal text, for a hand-written expression. */
export function hclString(text: string): string {
  return templateLiteral(JSON.stringify(text));
}

/**
 * A regular expression as the string argument of an HCL function that cdktf writes between quotes without
 * escaping: HCL reads `\d` as an invalid escape, so every backslash is doubled.
 */
export function hclRegexSource(pattern: RegExp): string {
  if (pattern.flags !== "") throw new Error(`pattern ${pattern} has flags, which Terraform's regex cannot take`);
  return templateLiteral(pattern.source.replace(/\\/g, "\\\\").replace(/"/g, '\\"'));
}
