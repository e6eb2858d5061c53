import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseWorkspace } from "../config/load";
import { runTs } from "./helpers/run";

/*
 * A thousand mutated workspace files through parseWorkspace: no exception, no stack trace, and every
 * result either a workspace or problems that each name a path and say something. Seeded, so a failure
 * reproduces: the failing case's index and text are in the assertion message.
 */

/** mulberry32: a small seeded PRNG, deterministic across runs and machines. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEEDS: readonly object[] = [
  { name: "local" },
  { name: "ceph", storage: { kind: "CephViaGateway", endpoint: "http://rgw:7480", bucketPrefix: "convex" } },
  { name: "aws", storage: { kind: "AwsS3", region: "eu-central-1", buckets: { exports: "e-x", snapshotImports: "s-i", modules: "m-o", files: "f-i", search: "s-e" } } },
  { name: "sync", storage: { kind: "LocalPlusSync", target: { kind: "AwsS3", bucket: "backups", prefix: "a/b" }, intervalMinutes: 5 } },
  { name: "coder", network: { coder: { accessDomain: "coder.example.com", agent: "main", workspace: "w", owner: "o", apps: { backend: "3210" } } } },
  { name: "pg", database: { kind: "postgres", requireSsl: false, caFile: "/etc/ca.pem", host: "db.internal" }, volume: { generation: 2, protectFromDestroy: false } },
  {
    name: "full",
    convex: { version: "a9a760ca10399ed42e1b4bb87c78539a235488c7", instanceSecret: "terraformVariable", rustLog: "info", disableBeacon: true },
    docker: { host: "ssh://deploy@host" },
    network: { bindAddress: "0.0.0.0", ports: { backend: 4000, site: 4001, dashboard: 4002 }, publicUrls: { backend: "https://a.example.com", site: "https://s.example.com", dashboard: "https://d.example.com" } },
  },
];

const WEIRD_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "", " ", "kind", "name", "\u0000", "ключ", "🔑"];
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
        return Array.from({ length: 1 + Math.floor(random() * 30) }, () => String.fromCharCode(Math.floor(random() * 0xffff))).join("");
    }
  };
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const r = random();
      if (r < 0.1) continue; // drop a key
      if (r < 0.2) copy[key] = garbage(); // change a type
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

  it("never throws, always answers with a workspace or located, readable findings", () => {
    let accepted = 0;
    cases.forEach((text, i) => {
      let result: ReturnType<typeof parseWorkspace>;
      try {
        result = parseWorkspace(`fuzz-${i}.json`, text, {});
      } catch (error) {
        throw new Error(`case ${i} threw ${(error as Error).stack}\ninput: ${text.slice(0, 500)}`);
      }
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
    // The mutations are not so wild that nothing ever parses, nor so mild that everything does.
    expect(accepted).toBeGreaterThan(10);
    expect(accepted).toBeLessThan(900);
  });

  it("leaves Object.prototype alone", () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("synthesis of bad files", () => {
  it.each([
    ["truncated JSON", '{"name": "a", "storage": {"kind": "Aws'],
    ["a prototype-pollution key", '{"__proto__": {"name": "x"}, "name": "a"}'],
    ["a secret and a wrong type", '{"name": "a", "convex": {"rustLog": "AKIAIOSFODNN7EXAMPLE"}, "network": {"ports": {"backend": "x"}}}'],
    ["nested garbage", `{"name": "a", "storage": ${"[".repeat(3000)}${"]".repeat(3000)}}`],
  ])("refuses %s without a stack trace and writes no output directory", (_title, text) => {
    const dir = mkdtempSync(join(tmpdir(), "fuzz-synth-"));
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
