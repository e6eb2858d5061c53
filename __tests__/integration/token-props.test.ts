import { rmSync } from "node:fs";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { CephViaGateway, ConvexDeployment, LocalPlusSync } from "../../constructs";
import { bucketsFromPrefix } from "../../constructs/domain";
import { planJson, terraformDir, terraformOk, terraformWorkdir } from "../helpers/terraform";

/*
 * aws-cdk's rule for tokens: a prop holding an unresolved token (here Terraform variables) cannot be read at
 * synthesis, so it is not regex-checked there; Terraform checks it at plan instead. The preconditions are
 * planned by the real terraform binary, moved from the docker resources that carry them onto terraform_data
 * (the docker provider cannot be installed here), next to the volume guard, which is terraform_data already.
 */

interface Synthesized {
  resource: Record<string, Record<string, Record<string, unknown> & { lifecycle?: { precondition?: unknown[] } }>>;
  variable: Record<string, unknown>;
  locals?: Record<string, unknown>;
}

const GOOD = {
  backend_url: "https://api.shop.example",
  files_bucket: "shop-files",
  workspace_name: "shop",
  instance_name: "convex-shop",
  sync_bucket: "shop-backup",
};

type Variable = (name: keyof typeof GOOD) => string;
type Keys = { accessKeyId: string; secretAccessKey: string };

/** A deployment whose workspace name, backend URL and one bucket (of its storage or its sync target) are Terraform variables. */
function tokenStack(storage: (variable: Variable, keys: Keys) => CephViaGateway | LocalPlusSync): Synthesized {
  const stack = new TerraformStack(Testing.app(), "shop");
  const variable: Variable = (name) => new TerraformVariable(stack, name, { type: "string" }).stringValue;
  const secret = (name: string) => new TerraformVariable(stack, name, { type: "string", sensitive: true }).stringValue;
  new ConvexDeployment(stack, "convex", {
    workspaceName: variable("workspace_name"),
    instanceName: variable("instance_name"),
    urls: {
      backend: variable("backend_url"),
      site: "https://site.shop.example",
      dashboard: "https://dash.shop.example",
    },
    storage: storage(variable, { accessKeyId: secret("key_id"), secretAccessKey: secret("secret_key") }),
    protectDataVolume: false,
  });
  return JSON.parse(Testing.synth(stack)) as Synthesized;
}

function tokenStacks(): { gateway: Synthesized; sync: Synthesized } {
  return {
    gateway: tokenStack(
      (variable, credentials) =>
        new CephViaGateway({
          endpoint: "http://rgw.shop.example:7480",
          buckets: { ...bucketsFromPrefix("shop"), files: variable("files_bucket") },
          credentials,
        }),
    ),
    sync: tokenStack(
      (variable, credentials) =>
        new LocalPlusSync({
          target: {
            kind: "AwsS3",
            region: "eu-central-1",
            bucket: variable("sync_bucket"),
            prefix: "shop",
            credentials,
          },
        }),
    ),
  };
}

/** Every precondition of the docker resources, by resource, with the Terraform expressions cdktf wrote. */
function dockerPreconditions(tf: Synthesized): Record<string, unknown[]> {
  const found: Record<string, unknown[]> = {};
  for (const [type, resources] of Object.entries(tf.resource)) {
    if (!type.startsWith("docker_")) continue;
    for (const [id, resource] of Object.entries(resources)) {
      if (resource.lifecycle?.precondition) found[`${type}_${id}`] = resource.lifecycle.precondition;
    }
  }
  return found;
}

/** The stack for terraform: its variables and locals, its terraform_data (the guard), and each docker resource's checks. */
function plannable(tf: Synthesized): Record<string, unknown> {
  const checks = Object.fromEntries(
    Object.entries(dockerPreconditions(tf)).map(([id, precondition]) => [id, { lifecycle: { precondition } }]),
  );
  return {
    variable: tf.variable,
    locals: tf.locals,
    resource: { terraform_data: { ...tf.resource.terraform_data, ...checks } },
  };
}

/** -var arguments for the variables `tf` declares (terraform refuses values for undeclared ones). */
const varArgs = (tf: Synthesized, values: Record<string, string>) =>
  Object.entries(values)
    .filter(([name]) => name in tf.variable)
    .flatMap(([name, value]) => ["-var", `${name}=${value}`]);
const SECRETS = { key_id: "AKIAEXAMPLE", secret_key: "example" };

describe("props given as tokens, at synthesis", () => {
  it("are not refused: their values are not known yet", () => {
    expect(() => tokenStacks()).not.toThrow();
  });

  it("become preconditions of the resources that use them", () => {
    const { gateway, sync } = tokenStacks();
    const backend = Object.entries(dockerPreconditions(gateway)).find(([id]) => id.includes("backend"))![1];
    expect(JSON.stringify(backend)).toContain(
      'cloudOrigin must be a URL starting with http:// or https://, got \\"${var.backend_url}\\"',
    );
    expect(JSON.stringify(backend)).toContain('buckets.files must be an S3 bucket name, got \\"${var.files_bucket}\\"');
    const volume = Object.entries(dockerPreconditions(gateway)).find(([id]) => id.startsWith("docker_volume"))![1];
    expect(JSON.stringify(volume)).toContain("workspaceName must be lowercase letters, digits and dashes");
    const sidecar = Object.entries(dockerPreconditions(sync)).find(([id]) => id.includes("sync"))![1];
    expect(JSON.stringify(sidecar)).toContain('target.bucket must be an S3 bucket name, got \\"${var.sync_bucket}\\"');
  });

  it("leave known values without preconditions (the app's stacks are unchanged)", () => {
    const stack = new TerraformStack(Testing.app(), "shop");
    new ConvexDeployment(stack, "convex", {
      workspaceName: "shop",
      urls: { backend: "https://a.example", site: "https://b.example", dashboard: "https://c.example" },
    });
    expect(dockerPreconditions(JSON.parse(Testing.synth(stack)) as Synthesized)).toEqual({});
  });
});

describe("props given as tokens, at plan", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  function planner(tf: Synthesized): (values: Record<string, string>) => ReturnType<typeof planJson> {
    const dir = terraformWorkdir("i9-token-props-");
    dirs.push(dir);
    terraformDir(dir, plannable(tf));
    terraformOk(dir, ["init", "-input=false"]);
    return (values) => planJson(dir, varArgs(tf, { ...SECRETS, ...values }));
  }

  let gateway: (values: Record<string, string>) => ReturnType<typeof planJson>;
  let sync: (values: Record<string, string>) => ReturnType<typeof planJson>;
  beforeAll(() => {
    const stacks = tokenStacks();
    gateway = planner(stacks.gateway);
    sync = planner(stacks.sync);
  });

  const details = (plan: ReturnType<typeof planJson>) => plan.errors.map((e) => e.detail);

  it("pass with valid values", () => {
    for (const plan of [gateway(GOOD), sync(GOOD)]) {
      expect(details(plan)).toEqual([]);
      expect(plan.status).toBe(0);
    }
  });

  it("refuse a token URL without a scheme, naming the prop", () => {
    const plan = gateway({ ...GOOD, backend_url: "api.shop.example" });
    expect(plan.status).toBe(1);
    expect(details(plan)).toEqual([
      'cloudOrigin must be a URL starting with http:// or https://, got "api.shop.example"',
    ]);
  });

  it.each([
    ["uppercase letters", "Shop-Files"],
    ["two dots", "shop..files"],
    ["a reserved suffix", "shop-files--ol-s3"],
    ["an IP address", "10.0.0.1"],
  ])("refuses a token bucket name with %s, naming the prop", (_what, bucket) => {
    expect(details(gateway({ ...GOOD, files_bucket: bucket }))).toEqual([
      `buckets.files must be an S3 bucket name, got "${bucket}"`,
    ]);
  });

  it("refuses a token sync bucket before the sidecar's shell command would run it", () => {
    expect(details(sync({ ...GOOD, sync_bucket: "x; rm -rf /" }))).toEqual([
      'target.bucket must be an S3 bucket name, got "x; rm -rf /"',
    ]);
  });

  it("refuses a token workspace name, naming the prop", () => {
    expect(details(gateway({ ...GOOD, workspace_name: "Shop_1" }))).toEqual([
      'workspaceName must be lowercase letters, digits and dashes, 1-40 characters, no dash at either end, got "Shop_1"',
    ]);
  });

  it("refuses a token instance name, naming the prop", () => {
    expect(details(gateway({ ...GOOD, instance_name: "-convex" }))).toEqual([
      'instanceName must be lowercase letters, digits and dashes, 1-40 characters, no dash at either end, got "-convex"',
    ]);
  });

  it("guard the volume with what the tokens resolved to at the first apply", () => {
    const dir = terraformWorkdir("i9-token-guard-");
    dirs.push(dir);
    const tf = tokenStacks().gateway;
    terraformDir(dir, plannable(tf));
    terraformOk(dir, ["init", "-input=false"]);
    terraformOk(dir, ["apply", "-auto-approve", "-input=false", ...varArgs(tf, { ...SECRETS, ...GOOD })]);
    expect(planJson(dir, varArgs(tf, { ...SECRETS, ...GOOD })).errors).toEqual([]);
    const moved = details(planJson(dir, varArgs(tf, { ...SECRETS, ...GOOD, files_bucket: "elsewhere-files" })));
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatch(
      /^storage: the data volume convex-shop-data was created with storage location \(endpoint, region, buckets\) "http:\/\/rgw\.shop\.example:7480 us-east-1 shop-exports,shop-snapshot-imports,shop-modules,shop-files,shop-search" and the stack asks for "http:\/\/rgw\.shop\.example:7480 us-east-1 shop-exports,shop-snapshot-imports,shop-modules,elsewhere-files,shop-search"\./,
    );
  });
});
