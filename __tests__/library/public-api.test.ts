import { join } from "node:path";
import ts from "typescript";

/*
 * The construct guidelines the public API keeps (aws-cdk's): every optional prop says what happens without it.
 * Read from the entry points with the TypeScript checker, so it covers exactly what a user can import.
 */

const ROOT = join(__dirname, "..", "..");
const ENTRY_POINTS = ["constructs/index.ts", "constructs/domain/index.ts", "constructs/aws.ts"].map((file) =>
  join(ROOT, file),
);

function optionalPropsWithoutDefault(): string[] {
  const program = ts.createProgram(ENTRY_POINTS, { strict: true, noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const missing = new Set<string>();
  for (const entry of ENTRY_POINTS) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      for (const declaration of symbol.declarations ?? []) {
        if (!ts.isInterfaceDeclaration(declaration)) continue;
        for (const member of declaration.members) {
          if (!ts.isPropertySignature(member) || !member.questionToken) continue;
          const documented = ts.getJSDocTags(member).some((tag) => tag.tagName.text === "default");
          if (!documented) missing.add(`${declaration.name.text}.${member.name.getText()}`);
        }
      }
    }
  }
  return [...missing].sort();
}

describe("the public API", () => {
  it("documents the @default of every optional prop", () => {
    expect(optionalPropsWithoutDefault()).toEqual([]);
  });
});
