/*
 * The library's public API, as API Extractor reports it: one report per entry point, checked in under api/.
 * `npx tsx scripts/api-report.ts` compares the declarations the library compiles to now with the reports and
 * exits 1 on any difference (npm test runs it); `npm run api` writes the reports anew. `--reports <dir>`
 * compares with reports in another folder (the test uses it to show a difference is caught). A change to the public
 * surface therefore shows in review as a change to api/*.api.md, and semver can be judged from it.
 * It also fails when a public declaration names a type the entry point does not export (ae-forgotten-export):
 * a user could not name the type of a prop they pass.
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { Extractor, ExtractorConfig, ExtractorLogLevel, type ExtractorMessage } from "@microsoft/api-extractor";

const ROOT = join(__dirname, "..");
const DECLARATIONS = join(ROOT, ".cache", "api", "declarations");

/** Each entry point of package.json's `exports`, and the .d.ts tsc writes for it. */
const ENTRY_POINTS = [
  { subpath: ".", declarations: "index.d.ts", report: "convex-stack.api.md" },
  { subpath: "./domain", declarations: "domain/index.d.ts", report: "convex-stack-domain.api.md" },
  { subpath: "./aws", declarations: "aws.d.ts", report: "convex-stack-aws.api.md" },
] as const;

function compileDeclarations(): void {
  rmSync(DECLARATIONS, { recursive: true, force: true });
  const tsc = spawnSync(
    process.execPath,
    [
      require.resolve("typescript/bin/tsc"),
      "-p",
      "tsconfig.build.json",
      "--emitDeclarationOnly",
      "--outDir",
      DECLARATIONS,
    ],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  if (tsc.status !== 0)
    throw new Error(`tsc could not compile the library's declarations:\n${tsc.stdout}${tsc.stderr}`);
}

/** Runs API Extractor on one entry point; returns the problems (empty when its report is current). */
function report(entry: (typeof ENTRY_POINTS)[number], reportFolder: string, update: boolean): string[] {
  const problems: string[] = [];
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: ROOT,
      mainEntryPointFilePath: join(DECLARATIONS, entry.declarations),
      compiler: { tsconfigFilePath: join(ROOT, "tsconfig.build.json") },
      apiReport: {
        enabled: true,
        reportFileName: entry.report,
        reportFolder,
        reportTempFolder: join(ROOT, ".cache", "api", "reports"),
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Error } },
        extractorMessageReporting: {
          default: { logLevel: ExtractorLogLevel.Warning },
          // Release tags (@public, @beta) are not used: everything an entry point exports is public.
          "ae-missing-release-tag": { logLevel: ExtractorLogLevel.None },
          // Every public name and member says what it is (__tests__/library/public-api.test.ts checks the same).
          "ae-undocumented": { logLevel: ExtractorLogLevel.Warning, addToApiReportFile: false },
          "ae-forgotten-export": { logLevel: ExtractorLogLevel.Error, addToApiReportFile: false },
        },
        // The doc comments are written for readers, not for TSDoc's grammar.
        tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
      },
    },
    configObjectFullPath: undefined,
    packageJsonFullPath: join(ROOT, "package.json"),
  });
  const result = Extractor.invoke(config, {
    localBuild: update,
    messageCallback: (message: ExtractorMessage) => {
      if (message.logLevel === ExtractorLogLevel.Error || message.logLevel === ExtractorLogLevel.Warning) {
        problems.push(
          `${entry.subpath}: ${message.messageId}: ${message.text}${message.sourceFilePath ? ` (${message.sourceFilePath})` : ""}`,
        );
      }
      message.handled = true;
    },
  });
  if (result.apiReportChanged && !update) {
    problems.push(
      `${entry.subpath}: the public API differs from ${join(reportFolder, entry.report)}; review the change and run \`npm run api\` to record it (new report: .cache/api/reports/${entry.report})`,
    );
  }
  return problems;
}

function main(): void {
  const update = process.argv.includes("--update");
  const reportsAt = process.argv.indexOf("--reports");
  const reportFolder = reportsAt > 0 ? resolve(process.argv[reportsAt + 1]) : join(ROOT, "api");
  compileDeclarations();
  const problems = ENTRY_POINTS.flatMap((entry) => report(entry, reportFolder, update));
  for (const problem of problems) process.stderr.write(`${problem}\n`);
  if (problems.length > 0) process.exit(1);
  process.stdout.write(update ? "api/ reports written\n" : "api/ reports are current\n");
}

main();
