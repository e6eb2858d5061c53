/**
 * `npm run schema`: writes config/workspace.schema.json and docs/workspace-file.md from the zod schema
 * (vocabulary/workspace-schema.ts), docs/rules.md from the rule registry (config/rules/index.ts), and
 * docs/upstream-catalogue.md from the catalogue of upstream revisions (constructs/domain/upstream-catalogue.ts).
 * `npm run schema -- --check` writes nothing and exits 1 when one is not current;
 * __tests__/workspace-json-schema.test.ts checks the same.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { CATALOGUE_REFERENCE_FILE, renderCatalogueReference } from "./upstream-catalogue-reference";
import { RULES_REFERENCE_FILE, renderRulesReference } from "./rules-reference";
import { WORKSPACE_REFERENCE_FILE, renderWorkspaceReference } from "./workspace-reference";
import { WORKSPACE_SCHEMA_FILE, renderWorkspaceJsonSchema } from "./workspace-schema";

const ROOT = resolve(__dirname, "..");

/** Every generated file, by path relative to the project root, with the text it must have. */
export function generatedFiles(): Record<string, string> {
  return {
    [WORKSPACE_SCHEMA_FILE]: renderWorkspaceJsonSchema(),
    [WORKSPACE_REFERENCE_FILE]: renderWorkspaceReference(),
    [RULES_REFERENCE_FILE]: renderRulesReference(),
    [CATALOGUE_REFERENCE_FILE]: renderCatalogueReference(),
  };
}

function current(file: string): string | undefined {
  try {
    return readFileSync(join(ROOT, file), "utf8");
  } catch {
    return undefined;
  }
}

function main(argv: string[]): void {
  const check = argv.includes("--check");
  for (const [file, text] of Object.entries(generatedFiles())) {
    if (current(file) === text) continue;
    if (check) {
      process.stderr.write(`${file} is not current: run \`npm run schema\` and commit it\n`);
      process.exitCode = 1;
    } else {
      writeFileSync(join(ROOT, file), text);
      process.stdout.write(`wrote ${file}\n`);
    }
  }
}

if (require.main === module) main(process.argv.slice(2));
