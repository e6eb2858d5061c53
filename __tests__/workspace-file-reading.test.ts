import { expect } from "@jest/globals";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { loadWorkspaces, parseWorkspace } from "../config/load";
import { type Finding, WorkspaceConfigError } from "../vocabulary/findings";
import { loadProblems, problemsOf } from "./helpers/workspaces";
import { tempDir } from "./helpers/temp";

/*
 * How a workspace file is read: only a regular file of UTF-8 text, strict JSON without duplicate keys or
 * absurd nesting, and every number and size bounded. Each refusal says what the file is, where, and never
 * throws anything but the list of problems.
 */

const parse = (text: string) => parseWorkspace("ws.json", text, {});

describe("duplicate keys", () => {
  it("refuses a key given twice in one object, naming both lines (JSON.parse would keep the last silently)", () => {
    const text = [
      "{",
      '  "name": "shop",',
      '  "storage": { "kind": "AwsS3", "region": "eu-central-1", "bucketPrefix": "shop" },',
      '  "storage": { "kind": "LocalStorage" }',
      "}",
    ].join("\n");
    expect(parse(text).findings).toEqual([
      {
        rule: "duplicate-keys",
        file: "ws.json",
        path: "storage",
        level: "error",
        info: "is given twice in one object, at line 3 and at line 4: a JSON reader keeps only the last and silently drops the first (a whole block can vanish that way)",
        fix: "keep one of them",
      },
    ]);
  });

  it("finds them at any depth, every one of them", () => {
    const text = '{"name": "a", "network": {"ports": {"backend": 4000, "backend": 4001}}, "name": "b"}';
    expect(parse(text).findings.map((p) => p.path)).toEqual(["network.ports.backend", "name"]);
  });

  it("does not repeat a secret-looking key it refuses", () => {
    const problems = parse('{"name": "a", "AKIAIOSFODNN7EXAMPLE": 1, "AKIAIOSFODNN7EXAMPLE": 2}').findings;
    expect(problems.map((p) => p.path)).toEqual(["(a key)"]);
    expect(JSON.stringify(problems)).not.toContain("AKIAIOSFODNN7EXAMPLE");
  });
});

describe("nesting and sizes", () => {
  it.each([
    ["arrays", `{"name": "a", "storage": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`],
    ["objects", `{"name": "a", "x": ${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}}`],
  ])("refuses %s nested 100,000 deep with the line and column where the limit was crossed", (_kind, text) => {
    const problems = parse(text).findings;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      rule: "json-syntax",
      info: expect.stringMatching(
        /^is not valid JSON \(objects and arrays nest deeper than 32 levels \(a workspace file needs 5\) at line 1, column \d+\)$/,
      ),
      fix: "fix the syntax",
    });
  });

  it("bounds volume.generation: a huge one would emit one removed block per earlier generation", () => {
    expect(problemsOf({ name: "a", volume: { generation: 1e9 } })).toEqual([
      {
        rule: "workspace-schema",
        file: "ws.json",
        path: "volume.generation",
        level: "error",
        info: "got 1000000000",
        fix: "give a value <=100",
      },
    ]);
    expect(problemsOf({ name: "a", volume: { generation: 100 } })).toEqual([]);
  });

  it("refuses a file larger than 1 MiB without reading it", () => {
    const problems = loadProblems({ "big.json": `{"name": "a", "pad": "${"x".repeat(1024 * 1024)}"}` });
    expect(problems).toEqual([
      expect.objectContaining({
        rule: "workspace-files",
        file: expect.stringContaining("big.json"),
        path: "",
        info: "is 1048600 bytes; at most 1048576 are read (a workspace file is usually under 2 KB)",
      }),
    ]);
  });
});

describe("what the bytes are", () => {
  it("reads a UTF-8 byte-order mark as one", () => {
    expect(parse('\ufeff{"name": "a"}').findings).toEqual([]);
    expect(
      loadProblems({ "bom.json": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name": "a"}')]) }),
    ).toEqual([]);
  });

  it.each([
    [
      "UTF-16 with a byte-order mark",
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"name": "a"}', "utf16le")]),
      /^is encoded as UTF-16 .*save it as UTF-8$/,
    ],
    [
      "UTF-16 without one",
      Buffer.from('{"name": "a"}', "utf16le"),
      /^holds a NUL byte \(at byte 1\): UTF-16 text without a byte-order mark/,
    ],
    [
      "Latin-1",
      Buffer.from('{"name": "a",\n "x": "caf\xe9"}', "latin1"),
      /^is not UTF-8 text \(the first byte sequence that is not UTF-8 is at line 2, column 11; .*save it as UTF-8$/,
    ],
  ])("says the file is %s instead of a syntax error", (_what, bytes, message) => {
    const problems = loadProblems({ "enc.json": bytes });
    expect(problems).toHaveLength(1);
    expect(problems[0].info).toMatch(message);
  });

  it("reports a number beyond a double's range as such, not as null", () => {
    const problems = parse('{"name": "a", "network": {"ports": {"backend": 1e400}}}').findings;
    expect(problems).toEqual([
      expect.objectContaining({
        path: "network.ports.backend",
        info: "got a number beyond the range of a double (it reads as infinity)",
        fix: "give a number",
      }),
    ]);
  });

  it("says a limit once, in plain words", () => {
    expect(problemsOf({ name: "a", network: { ports: { site: 70000 } } })[0]).toMatchObject({
      info: "got 70000",
      fix: "give a value <=65535",
    });
  });
});

describe("what the path is", () => {
  it("lists a directory, a dangling symbolic link and a link loop among the workspace files as problems, and reads the rest", () => {
    const dir = tempDir("paths-");
    writeFileSync(join(dir, "good.json"), JSON.stringify({ name: "good" }));
    mkdirSync(join(dir, "folder.json"));
    symlinkSync(join(dir, "gone.json"), join(dir, "dangling.json"));
    symlinkSync("loop.json", join(dir, "loop.json"));
    let problems: readonly Finding[] = [];
    try {
      loadWorkspaces({ path: dir, env: {} });
    } catch (error) {
      if (!(error instanceof WorkspaceConfigError)) throw error;
      problems = error.findings;
    }
    expect(problems.map((p) => [basename(p.file), p.path, p.info])).toEqual([
      ["dangling.json", "", `is a symbolic link to ${join(dir, "gone.json")}, which does not exist`],
      ["folder.json", "", "is a directory, not a regular file"],
      ["loop.json", "", "is a symbolic link that leads back to itself"],
    ]);
  });
});
