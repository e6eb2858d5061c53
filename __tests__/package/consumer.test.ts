import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageJson } from "../helpers/project";
import { tempDir } from "../helpers/temp";

/*
 * The library as a cdktf user gets it: the tarball `npm run package` makes (what is published), installed from
 * the registry's point of view into a project made like `cdktf init --template=typescript` (the template's own
 * package.json, cdktf.json and tsconfig.json: ts-node app, CommonJS, node10 resolution), whose constructs is
 * another 10.x than the library's dev copy. The README's example, taken verbatim from README.md, must type-check
 * and synthesize a backend container there, with ts-node, compiled by tsc and run by node, and as an ESM project
 * resolved like a bundler under a strict consumer's compiler flags; every example of docs/library.md, taken
 * verbatim too, must type-check in both and run (synthesize) compiled by tsc.
 */

const ROOT = join(__dirname, "..", "..");
const TEMPLATE = join(ROOT, "node_modules", "cdktf-cli", "bundle", "templates", "typescript");
const devVersion = (name: string): string => packageJson().devDependencies[name];
/** Another constructs 10.x than the library's dev copy (10.8.1): the lowest the peer range allows. */
const CONSUMER_CONSTRUCTS = "10.4.2";
/** What the template installs as dev dependencies, pinned so the npm cache serves them. */
const TS_NODE = "10.9.2";

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  /** stdout and stderr. */
  readonly output: string;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, ...env }, timeout: 600_000 });
  return {
    status: result.status,
    stdout: result.stdout ?? "",
    output: `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? String(result.error) : ""}`,
  };
}

const bin = (name: string) => join(ROOT, "node_modules", ".bin", name);

function ok(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const result = run(command, args, cwd, env);
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(" ")} (in ${cwd}) exited ${result.status}:\n${result.output}`);
  return result;
}

/** The one TypeScript example in README.md that imports the library, exactly as written there. */
function readmeExample(): string {
  const blocks = [...readFileSync(join(ROOT, "README.md"), "utf8").matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map(
    (m) => m[1],
  );
  const examples = blocks.filter((block) => /from "convex-stack"/.test(block));
  expect(examples).toHaveLength(1);
  return examples[0];
}

/** One TypeScript example of docs/library.md, exactly as written there, with a file name from its heading. */
interface DocsExample {
  readonly file: string;
  readonly code: string;
  /** It imports `convex-stack/aws`, which needs provider-aws installed. */
  readonly aws: boolean;
}

/** Every TypeScript example of docs/library.md: each is a complete program that imports the library. */
function docsExamples(): DocsExample[] {
  const text = readFileSync(join(ROOT, "docs", "library.md"), "utf8");
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m, index) => {
    const heading = [...text.slice(0, m.index).matchAll(/^#+ (.*)$/gm)].pop()?.[1] ?? "";
    const slug = heading
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "");
    const code = m[1];
    expect({ heading, importsTheLibrary: /from "convex-stack(\/domain|\/aws)?";/.test(code) }).toEqual({
      heading,
      importsTheLibrary: true,
    });
    return { file: `docs-${index + 1}-${slug}.ts`, code, aws: /from "convex-stack\/aws"/.test(code) };
  });
}

/** Records, when the process exits, every package directory cdktf and constructs were loaded from. */
const LOADED_COPIES = `"use strict";
process.on("exit", () => {
  const roots = { cdktf: new Set(), constructs: new Set() };
  for (const file of Object.keys(require.cache)) {
    const match = /^(.*[\\\\/]node_modules[\\\\/](cdktf|constructs))[\\\\/]/.exec(file);
    if (match && !/[\\\\/]node_modules[\\\\/]/.test(file.slice(match[1].length))) roots[match[2]].add(match[1]);
  }
  require("node:fs").writeFileSync(process.env.LOADED_COPIES_FILE, JSON.stringify({ cdktf: [...roots.cdktf], constructs: [...roots.constructs] }));
});
`;

describe("the packed library in a fresh cdktf project", () => {
  let work: string;
  let project: string;
  let tarball: string;
  /** The tarball, extracted. */
  let unpacked: string;
  let packedFiles: string[];
  const examples = docsExamples();
  const withoutAws = examples.filter((example) => !example.aws);
  const timings: Record<string, number> = {};
  const timed = <T>(label: string, step: () => T): T => {
    const start = Date.now();
    try {
      return step();
    } finally {
      timings[label] = (Date.now() - start) / 1000;
    }
  };

  beforeAll(() => {
    work = tempDir("convex-stack-package-");
    const packed = timed("npm run package (build, clean manifest, npm pack)", () =>
      ok("npm", ["run", "--silent", "package", "--", "--destination", work], ROOT),
    );
    tarball = packed.stdout.trim().split("\n").pop()!;
    unpacked = join(work, "unpacked");
    mkdirSync(unpacked);
    ok("tar", ["-xzf", tarball, "-C", unpacked], work);
    packedFiles = filesUnder(join(unpacked, "package"));

    project = join(work, "shop");
    mkdirSync(project);
    for (const file of ["package.json", "cdktf.json", "tsconfig.json"])
      cpSync(join(TEMPLATE, file), join(project, file));
    const fill = (file: string, values: Record<string, string>) => {
      let text = readFileSync(join(project, file), "utf8");
      for (const [key, value] of Object.entries(values)) text = text.split(key).join(value);
      writeFileSync(join(project, file), text);
    };
    fill("package.json", { "{{ $base }}": "shop" });
    fill("cdktf.json", { "{{projectId}}": "consumer-test", "{{sendCrashReports}}": "false", "{{futureFlags}}": "" });
    writeFileSync(join(project, "main.ts"), readmeExample());
    for (const example of withoutAws) writeFileSync(join(project, example.file), example.code);
    writeFileSync(join(project, "loaded-copies.cjs"), LOADED_COPIES);
    timed("npm install (registry, local cache)", () =>
      ok(
        "npm",
        [
          "install",
          "--no-audit",
          "--no-fund",
          "--prefer-offline",
          tarball,
          `cdktf@${devVersion("cdktf")}`,
          `constructs@${CONSUMER_CONSTRUCTS}`,
          `@cdktf/provider-docker@${devVersion("@cdktf/provider-docker")}`,
          `typescript@${devVersion("typescript")}`,
          `ts-node@${TS_NODE}`,
          `@types/node@${devVersion("@types/node")}`,
        ],
        project,
      ),
    );
    // An empty npm cache (a fresh CI runner) downloads what npm ci did not already fetch.
  }, 600_000);

  afterAll(() => {
    process.stdout.write(`package test timings (s): ${JSON.stringify(timings)}\n`);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** Runs the example with `runner`, then returns the backend container it synthesized and the copies it loaded. */
  function synthesize(
    cwd: string,
    args: string[],
  ): { backend: Record<string, unknown>; copies: { cdktf: string[]; constructs: string[] } } {
    rmSync(join(cwd, "cdktf.out"), { recursive: true, force: true });
    const copies = join(cwd, "loaded-copies.json");
    ok(process.execPath, ["--require", join(project, "loaded-copies.cjs"), ...args], cwd, {
      LOADED_COPIES_FILE: copies,
    });
    const stacks = join(cwd, "cdktf.out", "stacks");
    expect(readdirSync(stacks)).toEqual(["shop"]);
    const tf = JSON.parse(readFileSync(join(stacks, "shop", "cdk.tf.json"), "utf8")) as {
      resource: { docker_container: Record<string, Record<string, unknown>> };
    };
    const backend = Object.values(tf.resource.docker_container).find((c) => c.name === "convex-shop-backend")!;
    return { backend, copies: JSON.parse(readFileSync(copies, "utf8")) as { cdktf: string[]; constructs: string[] } };
  }

  function expectOneCopyEach(copies: { cdktf: string[]; constructs: string[] }): void {
    expect(copies).toEqual({
      cdktf: [join(project, "node_modules", "cdktf")],
      constructs: [join(project, "node_modules", "constructs")],
    });
    const installed = JSON.parse(readFileSync(join(project, "node_modules", "constructs", "package.json"), "utf8")) as {
      version: string;
    };
    expect(installed.version).toBe(CONSUMER_CONSTRUCTS);
  }

  function expectBackend(backend: Record<string, unknown>): void {
    expect(backend.env).toEqual(
      expect.arrayContaining([
        "CONVEX_CLOUD_ORIGIN=https://api.shop.example",
        "INSTANCE_SECRET=${var.instance_secret}",
      ]),
    );
  }

  it("ships only the compiled library, its declarations, README, LICENSE, CHANGELOG and the pages README links to", () => {
    const unexpected = packedFiles.filter(
      (path) => !/^(lib\/.+\.(js|d\.ts)|package\.json|README\.md|LICENSE|CHANGELOG\.md|docs\/[a-z-]+\.md)$/.test(path),
    );
    expect(unexpected).toEqual([]);
    expect(packedFiles).toEqual(
      expect.arrayContaining([
        "lib/index.js",
        "lib/index.d.ts",
        "lib/domain/index.js",
        "lib/aws.js",
        "CHANGELOG.md",
        "LICENSE",
      ]),
    );
  });

  it("ships a manifest without scripts or development fields, with the repository's exports and peers", () => {
    const manifest = JSON.parse(readFileSync(join(unpacked, "package", "package.json"), "utf8")) as Record<
      string,
      unknown
    >;
    const repository = packageJson();
    expect(repository.scripts.prepublishOnly).toBeDefined();
    expect(Object.keys(manifest).filter((field) => ["scripts", "devDependencies"].includes(field))).toEqual([]);
    expect(manifest.exports).toEqual(repository.exports);
    expect(manifest.peerDependencies).toEqual(repository.peerDependencies);
    expect(manifest.peerDependenciesMeta).toEqual(repository.peerDependenciesMeta);
  });

  it("ships what the packed README links to: every relative link resolves inside the package", () => {
    const readme = readFileSync(join(unpacked, "package", "README.md"), "utf8");
    const relative = [...readme.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => m[1].replace(/#.*$/, ""))
      .filter((target) => target !== "" && !/^[a-z]+:/i.test(target));
    expect(relative.length).toBeGreaterThan(0);
    expect([...new Set(relative)].filter((target) => !existsSync(join(unpacked, "package", target)))).toEqual([]);
  });

  it("passes publint and Are the Types Wrong on the tarball", () => {
    const publint = timed("publint", () => run(bin("publint"), ["run", tarball, "--strict"], work));
    expect(publint.output).not.toMatch(/Suggestions:|Warnings:|Errors:/);
    expect(publint.status).toBe(0);
    const attw = timed("attw", () => run(bin("attw"), [tarball, "--format", "json"], work));
    expect(attw.status).toBe(0);
    expect((JSON.parse(attw.stdout) as { analysis: { problems: unknown[] } }).analysis.problems).toEqual([]);
  });

  it("installs none of the app's packages and not provider-aws (an optional peer)", () => {
    for (const name of ["@cdktf/provider-aws", "@aws-sdk/client-s3", "pg", "mysql2", "tsx", "esbuild", "zod"]) {
      expect(existsSync(join(project, "node_modules", name))).toBe(false);
    }
  });

  it("type-checks the README's example and docs/library.md's examples with the template's tsconfig (node10 resolution)", () => {
    timed("tsc --noEmit (CommonJS)", () =>
      ok(process.execPath, [join(project, "node_modules", "typescript", "bin", "tsc"), "--noEmit"], project),
    );
  });

  it("synthesizes the backend with ts-node, loading one copy of cdktf and constructs (the project's)", () => {
    const { backend, copies } = timed("synth with ts-node", () =>
      synthesize(project, [join(project, "node_modules", "ts-node", "dist", "bin.js"), "main.ts"]),
    );
    expectBackend(backend);
    expectOneCopyEach(copies);
  });

  it("synthesizes the backend compiled by tsc and run by node", () => {
    timed("tsc (CommonJS)", () =>
      ok(process.execPath, [join(project, "node_modules", "typescript", "bin", "tsc")], project),
    );
    const { backend, copies } = timed("synth with node", () => synthesize(project, ["main.js"]));
    expectBackend(backend);
    expectOneCopyEach(copies);
  });

  it("runs every example of docs/library.md compiled by tsc: each synthesizes its stack, or prints what it computes", () => {
    const results = timed("docs examples with node", () =>
      withoutAws.map((example) => ({ file: example.file, ...runExample(example) })),
    );
    for (const result of results) {
      expect({ file: result.file, status: result.status }).toEqual({ file: result.file, status: 0 });
      if (result.stacks.length === 0)
        expect({ file: result.file, stdout: result.stdout }).toEqual({
          file: result.file,
          stdout: expect.stringContaining("convex-shop-backend") as string,
        });
      else expect({ file: result.file, backends: result.backends }).toEqual({ file: result.file, backends: ["shop"] });
    }
  });

  it("compiles in an ESM project with bundler resolution and a strict consumer's flags, and synthesizes under node", () => {
    const esm = join(project, "esm");
    mkdirSync(esm);
    writeFileSync(join(esm, "package.json"), JSON.stringify({ name: "shop-esm", private: true, type: "module" }));
    writeFileSync(
      join(esm, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          lib: ["ES2022"],
          module: "preserve",
          moduleResolution: "bundler",
          types: ["node"],
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          verbatimModuleSyntax: true,
          noPropertyAccessFromIndexSignature: true,
          // The library's declarations are checked too, not only the example that uses them.
          skipLibCheck: false,
          outDir: "dist",
        },
        files: ["main.ts", ...withoutAws.map((example) => example.file)],
      }),
    );
    writeFileSync(join(esm, "main.ts"), readmeExample());
    for (const example of withoutAws) writeFileSync(join(esm, example.file), example.code);
    const tsc = timed("tsc (ESM, strict)", () =>
      run(process.execPath, [join(project, "node_modules", "typescript", "bin", "tsc"), "-p", "."], esm),
    );
    expect(tsc.output.split("\n").filter((line) => /error TS/.test(line))).toEqual([]);
    expect(tsc.status).toBe(0);
    expect(existsSync(join(esm, "dist", "main.js"))).toBe(true);
    const { backend, copies } = timed("synth with node (ESM)", () => synthesize(esm, [join("dist", "main.js")]));
    expectBackend(backend);
    expectOneCopyEach(copies);
  });

  it("says what to install when bucket provisioning is asked for without provider-aws", () => {
    const script = [
      'const { App, TerraformStack } = require("cdktf");',
      'const { AwsS3, ConvexDeployment } = require("convex-stack");',
      'const stack = new TerraformStack(new App({ outdir: "unused" }), "s");',
      'const storage = new AwsS3({ region: "eu-central-1", bucketPrefix: "shop", provisionBuckets: true });',
      'new ConvexDeployment(stack, "c", { workspaceName: "shop", storage, urls: { backend: "https://a.example", site: "https://b.example", dashboard: "https://c.example" } });',
    ].join("\n");
    const result = run(process.execPath, ["-e", script], project);
    expect(result.status).toBe(1);
    expect(result.output).toContain(
      "provisionBuckets creates the buckets with @cdktf/provider-aws, which is not installed: npm install @cdktf/provider-aws@^20.1.0",
    );
  });

  // Last: it installs provider-aws, which the tests above need absent.
  it("compiles and runs docs/library.md's convex-stack/aws example once provider-aws is installed", () => {
    timed("npm install provider-aws", () =>
      ok(
        "npm",
        [
          "install",
          "--no-audit",
          "--no-fund",
          "--prefer-offline",
          `@cdktf/provider-aws@${devVersion("@cdktf/provider-aws")}`,
        ],
        project,
      ),
    );
    const aws = examples.filter((example) => example.aws);
    expect(aws).toHaveLength(1);
    for (const example of aws) writeFileSync(join(project, example.file), example.code);
    timed("tsc (CommonJS, with provider-aws)", () =>
      ok(process.execPath, [join(project, "node_modules", "typescript", "bin", "tsc")], project),
    );
    const result = runExample(aws[0]);
    expect(result.status).toBe(0);
    expect(result.stacks).toEqual(["shop-buckets"]);
    expect(result.resourceTypes).toEqual(expect.arrayContaining(["aws_s3_bucket", "aws_iam_policy"]));
  });

  /** Runs a compiled example in a folder of its own: its exit status, output, stacks and backend containers. */
  function runExample(example: DocsExample): {
    status: number | null;
    stdout: string;
    stacks: string[];
    backends: string[];
    resourceTypes: string[];
  } {
    const cwd = join(work, `run-${example.file.replace(/\.ts$/, "")}`);
    mkdirSync(cwd);
    const result = run(process.execPath, [join(project, example.file.replace(/\.ts$/, ".js"))], cwd);
    if (result.status !== 0) process.stderr.write(`${example.file}:\n${result.output}\n`);
    const stacksDir = join(cwd, "cdktf.out", "stacks");
    const stacks = existsSync(stacksDir) ? readdirSync(stacksDir) : [];
    const synthesized = stacks.map(
      (stack) =>
        JSON.parse(readFileSync(join(stacksDir, stack, "cdk.tf.json"), "utf8")) as {
          resource?: Record<string, Record<string, { name?: string }>>;
        },
    );
    const resources = synthesized.flatMap((tf) => Object.entries(tf.resource ?? {}));
    const backends = resources
      .filter(([type]) => type === "docker_container")
      .flatMap(([, containers]) => Object.values(containers).map((c) => c.name ?? ""))
      .filter((name) => name.endsWith("-backend"))
      .map((name) => name.replace(/^convex-|-backend$/g, ""));
    return {
      status: result.status,
      stdout: result.stdout,
      stacks,
      backends,
      resourceTypes: [...new Set(resources.map(([type]) => type))],
    };
  }
});

/** Every file under `dir`, as paths relative to it with '/'. */
function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(dir, `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}
