import Ajv, { type ErrorObject } from "ajv";
import addFormats from "ajv-formats";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { workspaceSchema } from "../config/schema";
import { generatedFiles } from "../scripts/schema";
import { type JsonSchemaNode, WORKSPACE_SCHEMA_FILE, editorJsonSchema, formsOf } from "../scripts/workspace-schema";
import { ROOT } from "./helpers/run";
import { synth } from "./helpers/workspaces";
import { parseWorkspace } from "../config/load";

/** Every workspace file this project ships: the default workspaces and the examples. */
const SHIPPED = ["config/workspaces", "config/examples"].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((file) => file.endsWith(".json"))
    .map((file) => `${dir}/${file}`),
);

const committedSchema = JSON.parse(readFileSync(join(ROOT, WORKSPACE_SCHEMA_FILE), "utf8")) as JsonSchemaNode;

/** What an editor does with the committed file: a standard JSON Schema validator, formats included. */
function editorValidator() {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(committedSchema);
}
const validate = editorValidator();

function editorErrors(file: unknown): ErrorObject[] {
  return validate(file) ? [] : [...(validate.errors ?? [])];
}

/** The keys a validator called unknown, by where they sit. */
function unknownKeys(errors: ErrorObject[]): string[] {
  return errors
    .filter((e) => e.keyword === "additionalProperties")
    .map((e) => `${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty}`);
}

describe("the workspace file's JSON Schema", () => {
  it.each(Object.keys(generatedFiles()))("%s is current (else run `npm run schema`)", (file) => {
    expect(readFileSync(join(ROOT, file), "utf8")).toBe(generatedFiles()[file]);
  });

  it.each(SHIPPED)("%s names the schema by a relative path that reaches it", (file) => {
    const { $schema } = JSON.parse(readFileSync(join(ROOT, file), "utf8")) as { $schema: string };
    expect($schema).toMatch(/^\.\.?\//);
    expect(resolve(ROOT, dirname(file), $schema)).toBe(join(ROOT, WORKSPACE_SCHEMA_FILE));
  });

  it.each(SHIPPED)("accepts %s, as an editor would", (file) => {
    expect(editorErrors(JSON.parse(readFileSync(join(ROOT, file), "utf8")))).toEqual([]);
  });

  it.each([
    ["a misspelt top-level key", { name: "a", netwrok: {} }, "/netwrok"],
    ["a misspelt nested key", { name: "a", network: { bindAdress: "0.0.0.0" } }, "/network/bindAdress"],
    [
      "a misspelt key of one storage kind",
      { name: "a", storage: { kind: "AwsS3", region: "eu-west-1", bucketPrefx: "b" } },
      "/storage/bucketPrefx",
    ],
    [
      "a key of another storage kind",
      { name: "a", storage: { kind: "LocalStorage", endpoint: "http://rgw:7480" } },
      "/storage/endpoint",
    ],
    [
      "a misspelt key of a database kind",
      { name: "a", database: { kind: "postgres", requireSSL: false } },
      "/database/requireSSL",
    ],
  ])("flags %s, as an editor would", (_what, file, key) => {
    const errors = editorErrors(file);
    expect(errors).not.toEqual([]);
    expect(unknownKeys(errors)).toContain(key);
    expect(parseWorkspace("ws.json", JSON.stringify(file), {}).findings).not.toEqual([]);
  });

  it.each([
    [
      "a misspelt key of a storage kind",
      { storage: { kind: "AwsS3", region: "eu-west-1", bucketPrefx: "b" } },
      ["/storage", "additionalProperties", "bucketPrefx"],
    ],
    [
      "a misspelt key of LocalPlusSync's target",
      { storage: { kind: "LocalPlusSync", target: { kind: "AwsS3", bucket: "b", prefx: "notes" } } },
      ["/storage/target", "additionalProperties", "prefx"],
    ],
    [
      "a misspelt storage kind",
      { storage: { kind: "AwsS", region: "eu-west-1", bucketPrefix: "b" } },
      ["/storage/kind", "enum", undefined],
    ],
    [
      "a misspelt key of a database kind",
      { database: { kind: "postgres", requireSSL: false } },
      ["/database", "additionalProperties", "requireSSL"],
    ],
    [
      "a misspelt key of the S3 state backend",
      { state: { backend: "s3", bucket: "abc", region: "eu-west-1", keyprefix: "x" } },
      ["/state", "additionalProperties", "keyprefix"],
    ],
  ])("reports one error for %s: only the form the tag selects is checked", (_what, fields, expected) => {
    const [path, keyword, key] = expected as [string, string, string | undefined];
    const errors = editorErrors({ name: "a", ...fields });
    // ajv, which reports every failing keyword, adds one line saying the selected form failed; editors show the one error.
    const formFailed = errors.filter((e) => e.keyword === "if");
    const named = errors.filter((e) => e.keyword !== "if");
    expect(
      named.map((e) => [e.instancePath, e.keyword, (e.params as { additionalProperty?: string }).additionalProperty]),
    ).toEqual([[path, keyword, key]]);
    expect(formFailed.map((e) => e.instancePath)).toEqual(keyword === "enum" ? [] : [`/${path.split("/")[1]}`]);
  });

  it.each([
    ["the shortest file", { name: "a" }],
    [
      "every storage kind and database",
      {
        name: "a",
        storage: {
          kind: "LocalPlusSync",
          target: { kind: "CephViaGateway", endpoint: "http://rgw:7480", bucket: "b" },
        },
        database: { kind: "mysql", requireSsl: false },
      },
    ],
    [
      "a Coder domain in capitals (zod's pattern had an `i` flag once)",
      { name: "a", network: { coder: { accessDomain: "Coder.Example.COM", agent: "Main", owner: "Alice.B" } } },
    ],
    [
      "a URL with a trailing slash",
      {
        name: "a",
        network: {
          publicUrls: {
            backend: "https://a.example.com/",
            site: "https://s.example.com",
            dashboard: "https://d.example.com",
          },
        },
      },
    ],
    [
      "a blank bucket prefix (left to a rule)",
      { name: "a", storage: { kind: "CephViaGateway", endpoint: "http://rgw:7480", bucketPrefix: " " } },
    ],
    ["a wrong type", { name: "a", network: { ports: { backend: "3210" } } }],
    ["a port out of range", { name: "a", network: { ports: { site: 70000 } } }],
    ["a fractional generation", { name: "a", volume: { generation: 1.5 } }],
    ["an unknown storage kind", { name: "a", storage: { kind: "S3" } }],
    ["an upper-case name", { name: "Demo" }],
    ["no name", {}],
    ["a host name as bind address", { name: "a", network: { bindAddress: "localhost" } }],
    ["a URL without scheme", { name: "a", storage: { kind: "CephViaGateway", endpoint: "rgw:7480" } }],
    [
      "a shell character in a bucket",
      {
        name: "a",
        storage: {
          kind: "AwsS3",
          region: "eu-west-1",
          buckets: { exports: "a;b", snapshotImports: "b", modules: "c", files: "d", search: "e" },
        },
      },
    ],
    ["a Coder domain with a scheme", { name: "a", network: { coder: { accessDomain: "https://coder.example.com" } } }],
  ])("agrees with the zod schema on %s", (_what, file) => {
    expect(editorErrors(file).length === 0).toBe(workspaceSchema().safeParse(file).success);
  });

  it("describes every field, so an editor's hover and the reference page say what it is", () => {
    const undescribed: string[] = [];
    const visit = (node: JsonSchemaNode, path: string) => {
      for (const [key, field] of Object.entries(node.properties ?? {})) {
        if (!field.description) undescribed.push(`${path}${key}`);
        visit(field, `${path}${key}.`);
        for (const form of formsOf(field)) visit(form, `${path}${key}(${form.title ?? "a form"}).`);
      }
    };
    visit(committedSchema, "");
    expect(undescribed).toEqual([]);
  });

  it("carries the defaults of the zod schema", () => {
    const props = committedSchema.properties!;
    expect(props.network.properties?.ports.properties?.backend.default).toBe(
      workspaceSchema().parse({ name: "a" }).network.ports.backend,
    );
    expect(props.storage.default).toEqual({ kind: "LocalStorage" });
  });

  it("refuses to generate from a pattern with flags, which JSON Schema cannot carry", () => {
    expect(() => editorJsonSchema(z.strictObject({ domain: z.string().regex(/^[a-z]+$/i) }))).toThrow(
      "/^[a-z]+$/i at #/properties/domain has flags",
    );
  });

  it("leaves synthesis unchanged: a $schema key adds nothing to cdk.tf.json", () => {
    const file = JSON.parse(readFileSync(join(ROOT, "config/workspaces/local.json"), "utf8")) as Record<
      string,
      unknown
    >;
    const { $schema, ...without } = file;
    expect($schema).toBeDefined();
    const synthesize = (content: object) =>
      synth(parseWorkspace("config/workspaces/local.json", JSON.stringify(content), {}).workspace!).json;
    expect(synthesize(file)).toBe(synthesize(without));
  });
});
