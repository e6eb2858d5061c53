import { join } from "node:path";
import ts from "typescript";

/*
 * The construct guidelines the public API keeps (aws-cdk's): a small root of what a user composes, every public
 * name and member documented, an example on every class, and every optional prop saying what happens without it.
 * Read from the entry points with the TypeScript checker, so it covers exactly what a user can import.
 */

const ROOT = join(__dirname, "..", "..");
const ENTRY_POINTS = ["constructs/index.ts", "constructs/domain/index.ts", "constructs/aws.ts"];

const program = ts.createProgram(
  ENTRY_POINTS.map((file) => join(ROOT, file)),
  { strict: true, noEmit: true, skipLibCheck: true, types: [] },
);
const checker = program.getTypeChecker();

/** What an entry point exports, each name with the declarations it stands for. */
function exportsOf(entry: string): { name: string; declarations: ts.Declaration[] }[] {
  const module = checker.getSymbolAtLocation(program.getSourceFile(join(ROOT, entry))!)!;
  return checker.getExportsOfModule(module).map((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    return { name: exported.name, declarations: symbol.declarations ?? [] };
  });
}

const allExports = ENTRY_POINTS.flatMap((entry) => exportsOf(entry).map((e) => ({ entry, ...e })));

/** Whether a declaration carries `@internal`, which stripInternal removes from the published declarations. */
const isInternal = (node: ts.Node) => ts.getJSDocTags(node).some((tag) => tag.tagName.text === "internal");

/** A declaration's own doc comment (text, or any tag but @internal); a variable's sits on its statement. */
function documented(node: ts.Node): boolean {
  const carrier = ts.isVariableDeclaration(node) ? node.parent.parent : node;
  const docs = ts.getJSDocCommentsAndTags(carrier).filter(ts.isJSDoc);
  return docs.some((doc) => (doc.comment ?? "") !== "" || (doc.tags ?? []).length > 0);
}

/** The members a user sees: an interface's properties and methods, a class's public ones but its constructor. */
function publicMembers(declaration: ts.Declaration): ts.NamedDeclaration[] {
  if (ts.isInterfaceDeclaration(declaration)) return [...declaration.members];
  if (!ts.isClassDeclaration(declaration)) return [];
  return declaration.members.filter(
    (member) =>
      !ts.isConstructorDeclaration(member) &&
      !ts.isClassStaticBlockDeclaration(member) &&
      !(ts.getCombinedModifierFlags(member) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) &&
      !(member.name && ts.isPrivateIdentifier(member.name)) &&
      !isInternal(member),
  );
}

/** A member's documentation, its own or (for a strategy's `bind`, `kind`, ...) the interface member it implements. */
function memberDocumented(member: ts.NamedDeclaration): boolean {
  if (documented(member)) return true;
  const symbol = member.name ? checker.getSymbolAtLocation(member.name) : undefined;
  return (symbol?.getDocumentationComment(checker) ?? []).length > 0;
}

describe("the public API", () => {
  it("exports fewer than 50 names from the package root", () => {
    const names = exportsOf("constructs/index.ts").map((e) => e.name);
    expect(names.length).toBeLessThan(50);
  });

  it("documents every name it exports", () => {
    const undocumented = allExports
      .filter(({ declarations }) => !declarations.some(documented))
      .map(({ entry, name }) => `${entry}: ${name}`);
    expect(undocumented).toEqual([]);
  });

  it("documents every member of an exported interface or class", () => {
    const undocumented = new Set<string>();
    for (const { name, declarations } of allExports)
      for (const declaration of declarations)
        for (const member of publicMembers(declaration))
          if (!memberDocumented(member)) undocumented.add(`${name}.${member.name?.getText()}`);
    expect([...undocumented].sort()).toEqual([]);
  });

  it("shows an @example on every exported class", () => {
    const withoutExample = allExports
      .filter(({ declarations }) => declarations.some(ts.isClassDeclaration))
      .filter(
        ({ declarations }) => !declarations.some((d) => ts.getJSDocTags(d).some((t) => t.tagName.text === "example")),
      )
      .map(({ name }) => name);
    expect([...new Set(withoutExample)].sort()).toEqual([]);
  });

  it("documents the @default of every optional prop", () => {
    const missing = new Set<string>();
    for (const { declarations } of allExports) {
      for (const declaration of declarations) {
        if (!ts.isInterfaceDeclaration(declaration)) continue;
        for (const member of declaration.members) {
          if (!ts.isPropertySignature(member) || !member.questionToken) continue;
          const hasDefault = ts.getJSDocTags(member).some((tag) => tag.tagName.text === "default");
          if (!hasDefault) missing.add(`${declaration.name.text}.${member.name.getText()}`);
        }
      }
    }
    expect([...missing].sort()).toEqual([]);
  });
});
