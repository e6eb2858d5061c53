import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/*
 * Every message of every command reaches the terminal through bin/print.ts, which runs printable() over it:
 * a command (validate, synth, doctor, restore, state-bucket, and any added later) that wrote to stdout or
 * stderr itself could echo an escape sequence or a secret from a state, an engine or a bucket.
 */

const ROOT = join(__dirname, "..");
const THE_BOUNDARY = "bin/print.ts";
/** The app: main.ts and every top-level folder with TypeScript but the library, the tests and dev scripts. */
const NOT_APP = new Set([
  "constructs",
  "__tests__",
  "node_modules",
  "lib",
  "dist",
  "cdktf.out",
  "api",
  "docs",
  "scripts",
]);

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

// Any mention of the streams, not only `.write`: a stream handed to a helper (`write(process.stderr, text)`) is
// written to just the same.
const WRITES = /\bprocess\.(?:stdout|stderr)\b|\bconsole\.(?:log|info|warn|error|debug|trace)\b|\bprocess\._rawDebug\b/;

function appFiles(): string[] {
  const folders = readdirSync(ROOT).filter(
    (entry) => !entry.startsWith(".") && !NOT_APP.has(entry) && statSync(join(ROOT, entry)).isDirectory(),
  );
  return [join(ROOT, "main.ts"), ...folders.flatMap((folder) => tsFiles(join(ROOT, folder)))];
}

describe("the print boundary", () => {
  it("is the only place of the app that writes to stdout or stderr", () => {
    const writers = appFiles()
      .map((file) => relative(ROOT, file))
      .filter((file) => file !== THE_BOUNDARY && WRITES.test(readFileSync(join(ROOT, file), "utf8")));
    expect(writers).toEqual([]);
  });

  it("runs printable() over what it writes", () => {
    const boundary = readFileSync(join(ROOT, THE_BOUNDARY), "utf8");
    const writes = boundary.split("\n").filter((line) => WRITES.test(line));
    expect(writes.length).toBeGreaterThan(0);
    for (const line of writes) expect(line).toContain("printable(");
  });

  it("would find a command that writes by itself", () => {
    expect(WRITES.test("process.stderr.write(`drill: ${reason}\\n`);")).toBe(true);
    expect(WRITES.test("console.log(status);")).toBe(true);
    expect(WRITES.test("write(process.stderr, `status: ${message}`);")).toBe(true);
    expect(WRITES.test("print(status);")).toBe(false);
  });
});
