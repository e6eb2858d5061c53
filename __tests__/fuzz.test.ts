import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadWorkspaces, parseWorkspace } from "../config/load";
import { type Finding, WorkspaceConfigError } from "../vocabulary/findings";
import { runTs } from "./helpers/run";
import { prng } from "./helpers/prng";
import { tempDir } from "./helpers/temp";

/*
 * A thousand mutated workspace files through parseWorkspace: no exception, no stack trace, and every
 * result either a workspace or problems that each name a path and say something. Seeded, so a failure
 * reproduces: the failing case's index and text are in the assertion message.
 */

const SEEDS: readonly object[] = [
  { name: "local" },
  { name: "ceph", storage: { kind: "CephViaGateway", endpoint: "http://rgw:7480", bucketPrefix: "convex" } },
  {
    name: "aws",
    storage: {
      kind: "AwsS3",
      region: "eu-central-1",
      buckets: { exports: "e-x", snapshotImports: "s-i", modules: "m-o", files: "f-i", search: "s-e" },
    },
  },
  {
    name: "sync",
    storage: { kind: "LocalPlusSync", target: { kind: "AwsS3", bucket: "backups", prefix: "a/b" }, intervalMinutes: 5 },
  },
  {
    name: "coder",
    network: {
      coder: {
        accessDomain: "coder.example.com",
        agent: "main",
        workspace: "w",
        owner: "o",
        apps: { backend: "3210" },
      },
    },
  },
  {
    name: "pg",
    database: { kind: "postgres", requireSsl: false, caFile: "/etc/ca.pem", host: "db.internal" },
    volume: { generation: 2, protectFromDestroy: false },
  },
  {
    name: "full",
    convex: {
      version: "a9a760ca10399ed42e1b4bb87c78539a235488c7",
      instanceSecret: "terraformVariable",
      rustLog: "info",
      disableBeacon: true,
    },
    docker: { host: "ssh://deploy@host" },
    network: {
      bindAddress: "0.0.0.0",
      ports: { backend: 4000, site: 4001, dashboard: 4002 },
      publicUrls: {
        backend: "https://a.example.com",
        site: "https://s.example.com",
        dashboard: "https://d.example.com",
      },
    },
  },
];

const WEIRD_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "",
  " ",
  "kind",
  "name",
  "\u0000",
  "ключ",
  "🔑",
];
const WEIRD_STRINGS = [
  "",
  " ",
  "latest",
  "x".repeat(10_000),
  "名前",
  "emoji-🚀",
  "\u202e\u0000\ud800",
  "null",
  "AwsS3",
  "http://",
  "https://localhost:3210",
  "-----BEGIN",
  "${var.x}",
  "%{if}",
  "../../etc/passwd",
  "CephViaGateway",
];
const WEIRD_NUMBERS = [0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 65536, 2 ** 31, -0];

function mutate(value: unknown, random: () => number, depth = 0): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const garbage = (): unknown => {
    switch (Math.floor(random() * 7)) {
      case 0:
        return pick(WEIRD_STRINGS);
      case 1:
        return pick(WEIRD_NUMBERS);
      case 2:
        return pick([true, false, null]);
      case 3:
        return depth < 6 ? [garbage(), garbage()] : [];
      case 4:
        return depth < 6 ? { [pick(WEIRD_KEYS)]: garbage(), [pick(WEIRD_KEYS)]: garbage() } : {};
      case 5: {
        // Deep nesting.
        let nested: unknown = pick(WEIRD_STRINGS);
        for (let i = 0; i < 200; i++) nested = { a: [nested] };
        return nested;
      }
      default:
        return Array.from({ length: 1 + Math.floor(random() * 30) }, () =>
          String.fromCharCode(Math.floor(random() * 0xffff)),
        ).join("");
    }
  };
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const r = random();
      if (r < 0.1) continue; // drop a key
      if (r < 0.2)
        copy[key] = garbage(); // change a type
      else copy[key] = mutate(child, random, depth + 1);
    }
    if (random() < 0.2) copy[pick(WEIRD_KEYS)] = garbage();
    return copy;
  }
  if (random() < 0.3) return garbage();
  return value;
}

/** Text-level damage that JSON values cannot express: prototype keys, duplicates, truncation, bad escapes. */
function damageText(text: string, random: () => number): string {
  switch (Math.floor(random() * 8)) {
    case 0:
      return text.slice(0, Math.floor(random() * text.length));
    case 1:
      return text.replace("{", '{"__proto__": {"polluted": true, "name": "x"}, ');
    case 2:
      return text.replace("{", '{"constructor": {"prototype": {"polluted": true}}, ');
    case 3:
      return text.replace("{", '{"name": "dup", ');
    case 4:
      return text.replace(/"/, '"\\u');
    case 5:
      return `${"[".repeat(5000)}${"]".repeat(5000)}`;
    default:
      return text;
  }
}

const STACK_FRAME = /\n\s+at |\bat .+\.(ts|js):\d+|Error: /;

describe("fuzzing parseWorkspace with 1000 mutated workspace files", () => {
  const random = prng(0xc0ffee);
  const cases = Array.from({ length: 1000 }, (_, i) => {
    const seed = SEEDS[i % SEEDS.length];
    return damageText(JSON.stringify(mutate(seed, random)), random);
  });

  it("never throws, always answers with a workspace or located, readable problems, each in under a second", () => {
    let accepted = 0;
    let slowest = { i: -1, ms: 0 };
    cases.forEach((text, i) => {
      let result: ReturnType<typeof parseWorkspace>;
      const start = process.hrtime.bigint();
      try {
        result = parseWorkspace(`fuzz-${i}.json`, text, {});
      } catch (error) {
        throw new Error(`case ${i} threw ${(error as Error).stack}\ninput: ${text.slice(0, 500)}`, { cause: error });
      }
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (ms > slowest.ms) slowest = { i, ms };
      if (result.workspace) {
        accepted++;
        expect([i, result.findings]).toEqual([i, []]);
        return;
      }
      expect([i, result.findings.length > 0]).toEqual([i, true]);
      for (const finding of result.findings) {
        const where = `case ${i}: ${JSON.stringify(finding).slice(0, 300)}`;
        expect([where, typeof finding.path, typeof finding.rule]).toEqual([where, "string", "string"]);
        for (const text of [finding.info, finding.fix]) {
          expect([where, typeof text === "string" && text.trim().length > 0]).toEqual([where, true]);
          expect([where, STACK_FRAME.test(text)]).toEqual([where, false]);
        }
      }
    });
    // The bound, far above what a case takes (a few milliseconds): a pathological input would exceed it.
    expect([slowest.i, slowest.ms < 1000]).toEqual([slowest.i, true]);
    // The mutations are not so wild that nothing ever parses, nor so mild that everything does.
    expect(accepted).toBeGreaterThan(10);
    expect(accepted).toBeLessThan(900);
  });

  it("leaves Object.prototype alone", () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

/** JSON text of `value` with the first key of its `target`-th object (in document order) written twice. */
function withDuplicateKey(value: unknown, target: number): string | undefined {
  let seen = 0;
  let done = false;
  const write = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(write).join(",")}]`;
    if (v && typeof v === "object") {
      const entries = Object.entries(v).map(([k, child]) => `${JSON.stringify(k)}:${write(child)}`);
      if (entries.length > 0 && seen++ === target && !done) {
        done = true;
        entries.push(entries[0]);
      }
      return `{${entries.join(",")}}`;
    }
    return JSON.stringify(v) ?? "null";
  };
  const text = write(value);
  return done ? text : undefined;
}

type Structural =
  | "duplicate key"
  | "deep nesting"
  | "byte-order mark"
  | "UTF-16"
  | "UTF-16 without BOM"
  | "Latin-1"
  | "invalid UTF-8"
  | "NUL byte"
  | "truncated bytes";
const STRUCTURAL: readonly Structural[] = [
  "duplicate key",
  "deep nesting",
  "byte-order mark",
  "UTF-16",
  "UTF-16 without BOM",
  "Latin-1",
  "invalid UTF-8",
  "NUL byte",
  "truncated bytes",
];

/** A workspace file's bytes with one structural mutation, and the plain text it was made from. */
function structuralCase(i: number, random: () => number): { kind: Structural; bytes: Buffer; plain: string } {
  const value = mutate(SEEDS[i % SEEDS.length], random);
  const plain = JSON.stringify(value);
  const kind = STRUCTURAL[i % STRUCTURAL.length];
  const at = (text: string) => Math.floor(random() * text.length);
  switch (kind) {
    case "duplicate key": {
      // Every key may have been dropped: then a duplicate of its own.
      const text =
        withDuplicateKey(value, Math.floor(random() * 3)) ?? withDuplicateKey(value, 0) ?? '{"name": "a", "name": "b"}';
      return { kind, bytes: Buffer.from(text), plain };
    }
    case "deep nesting": {
      // Up to 100,000 levels: still under the 1 MiB a file may have, so the depth is what is refused.
      const depth = 40 + Math.floor(random() * 100_000);
      const [open, close] = random() < 0.5 ? ["[", "]"] : ['{"a":', "}"];
      return { kind, bytes: Buffer.from(`{"name": "deep", "x": ${open.repeat(depth)}1${close.repeat(depth)}}`), plain };
    }
    case "byte-order mark":
      return { kind, bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(plain)]), plain };
    case "UTF-16":
      return {
        kind,
        bytes:
          random() < 0.5
            ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(plain, "utf16le")])
            : Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(plain, "utf16le").swap16()]),
        plain,
      };
    case "UTF-16 without BOM":
      return { kind, bytes: Buffer.from(plain, "utf16le"), plain };
    case "Latin-1": {
      // An "é" in a string, written as Latin-1's one byte 0xE9.
      const p = plain.indexOf('"', 1) + 1;
      return { kind, bytes: Buffer.from(`${plain.slice(0, p)}caf\u00e9 ${plain.slice(p)}`, "latin1"), plain };
    }
    case "invalid UTF-8": {
      const bytes = Buffer.from(plain);
      const p = at(plain);
      return {
        kind,
        bytes: Buffer.concat([bytes.subarray(0, p), Buffer.from([0xc3, 0x28]), bytes.subarray(p)]),
        plain,
      };
    }
    case "NUL byte": {
      const bytes = Buffer.from(plain);
      const p = at(plain);
      return { kind, bytes: Buffer.concat([bytes.subarray(0, p), Buffer.from([0]), bytes.subarray(p)]), plain };
    }
    case "truncated bytes": {
      const bytes = Buffer.from(`{"name": "caf\u00e9-\u{1f680}", ${plain.slice(1)}`);
      return { kind, bytes: bytes.subarray(0, Math.floor(random() * bytes.length)), plain };
    }
  }
}

/** What loading one file gives: accepted, or its problems; anything thrown but the problem list fails the case. */
function loadFile(
  dir: string,
  name: string,
  bytes: Buffer,
): { accepted: boolean; problems: readonly Finding[]; ms: number } {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const start = process.hrtime.bigint();
  try {
    loadWorkspaces({ path: file, env: {} });
    return { accepted: true, problems: [], ms: Number(process.hrtime.bigint() - start) / 1e6 };
  } catch (error) {
    if (!(error instanceof WorkspaceConfigError))
      throw new Error(`${name} threw ${(error as Error).stack}`, { cause: error });
    return { accepted: false, problems: error.findings, ms: Number(process.hrtime.bigint() - start) / 1e6 };
  }
}

describe("fuzzing the file reader with 1000 structural mutations", () => {
  const random = prng(0xfeed);
  const dir = tempDir("fuzz-files-");
  const results = Array.from({ length: 1000 }, (_, i) => {
    const c = structuralCase(i, random);
    return {
      i,
      ...c,
      result: loadFile(dir, `case-${i}.json`, c.bytes),
      plainResult: c.kind === "byte-order mark" ? loadFile(dir, `plain-${i}.json`, Buffer.from(c.plain)) : undefined,
    };
  });
  const messages = (findings: readonly Finding[]) => findings.map((f) => `${f.path}: ${f.info} / ${f.fix}`).join("\n");

  it("answers every case with located, readable problems or a workspace, without a stack trace", () => {
    for (const { i, kind, result } of results) {
      for (const problem of result.problems) {
        const where = `case ${i} (${kind}): ${JSON.stringify(problem).slice(0, 300)}`;
        expect([where, problem.info.trim().length > 0, STACK_FRAME.test(`${problem.info} ${problem.fix}`)]).toEqual([
          where,
          true,
          false,
        ]);
      }
    }
  });

  it("refuses every duplicate key, naming both lines (unless the mutated file nests too deep to be read at all)", () => {
    const duplicates = results.filter((r) => r.kind === "duplicate key");
    for (const { i, result } of duplicates) {
      expect([i, result.accepted, messages(result.problems)]).toEqual([
        i,
        false,
        expect.stringMatching(/is given twice in one object, at line \d+ and at line \d+|nest deeper than 32 levels/),
      ]);
    }
    expect(duplicates.filter((r) => /is given twice/.test(messages(r.result.problems))).length).toBeGreaterThan(
      duplicates.length / 2,
    );
  });

  it("refuses nesting past the limit, whatever its depth", () => {
    for (const { i, result } of results.filter((r) => r.kind === "deep nesting")) {
      expect([i, messages(result.problems)]).toEqual([
        i,
        expect.stringContaining("objects and arrays nest deeper than 32 levels"),
      ]);
    }
  });

  it("reads a byte-order mark as nothing: the same answer as without one", () => {
    for (const { i, result, plainResult } of results.filter((r) => r.kind === "byte-order mark")) {
      const strip = (findings: readonly Finding[]) => findings.map((f) => ({ path: f.path, info: f.info, fix: f.fix }));
      expect([i, result.accepted, strip(result.problems)]).toEqual([
        i,
        plainResult!.accepted,
        strip(plainResult!.problems),
      ]);
    }
  });

  it("names the encoding instead of a syntax error", () => {
    for (const { i, kind, result } of results.filter((r) =>
      ["UTF-16", "UTF-16 without BOM", "Latin-1", "invalid UTF-8", "NUL byte"].includes(r.kind),
    )) {
      expect([i, kind, messages(result.problems)]).toEqual([
        i,
        kind,
        expect.stringMatching(/^: (is encoded as UTF-16|holds a NUL byte|is not UTF-8 text)/),
      ]);
    }
  });

  it("answers each case in well under a second (the issue's bound; typically a few milliseconds)", () => {
    const slowest = results.reduce((a, b) => (b.result.ms > a.result.ms ? b : a));
    expect([slowest.i, slowest.kind, slowest.result.ms < 1000]).toEqual([slowest.i, slowest.kind, true]);
  });
});

describe("synthesis of bad files", () => {
  it.each([
    ["truncated JSON", '{"name": "a", "storage": {"kind": "Aws'],
    ["a prototype-pollution key", '{"__proto__": {"name": "x"}, "name": "a"}'],
    [
      "a secret and a wrong type",
      '{"name": "a", "convex": {"rustLog": "AKIAIOSFODNN7EXAMPLE"}, "network": {"ports": {"backend": "x"}}}',
    ],
    ["nested garbage", `{"name": "a", "storage": ${"[".repeat(3000)}${"]".repeat(3000)}}`],
  ])("refuses %s without a stack trace and writes no output directory", (_title, text) => {
    const dir = tempDir("fuzz-synth-");
    writeFileSync(join(dir, "bad.json"), text);
    const out = join(dir, "cdktf.out");
    const result = runTs("main.ts", [], { CDKTF_OUTDIR: out, CONVEX_STACK_WORKSPACES: dir, CONVEX_STACK_OFFLINE: "1" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^Workspace configuration refused:\n.*bad\.json: /);
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(result.stderr).not.toContain("AKIAIOSFODNN7EXAMPLE");
    expect(existsSync(out)).toBe(false);
  });
});
