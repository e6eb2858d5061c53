import { DataResource, Fn, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { AwsS3, CephViaGateway, ConvexDeployment, Database, LocalPlusSync } from "../../constructs";
import { bucketsFromPrefix } from "../../constructs/domain";

/*
 * The library's secret props (instanceSecret, a database url, S3 credentials, a sync target's keys): each
 * takes a sensitive variable's reference, or a function of such references only. Whatever else would put text
 * into cdk.tf.json, or a value Terraform does not know is secret into plans and logs, is refused at synthesis
 * naming the prop, without showing the value.
 */

const urls = {
  backend: "https://api.shop.example",
  site: "https://site.shop.example",
  dashboard: "https://d.shop.example",
};

type Given = (stack: TerraformStack) => string;

const sensitive = (stack: TerraformStack, name = "secret") =>
  new TerraformVariable(stack, name, { type: "string", sensitive: true }).stringValue;
const plain = (stack: TerraformStack, name = "plain") =>
  new TerraformVariable(stack, name, { type: "string" }).stringValue;

/** Each secret prop of the library, given `value`, as a user composes it. */
const PROPS: [string, (stack: TerraformStack, value: string) => unknown][] = [
  [
    "instanceSecret",
    (stack, value) => new ConvexDeployment(stack, "c", { workspaceName: "shop", urls, instanceSecret: value }),
  ],
  ["url", (_stack, value) => Database.postgres({ url: value })],
  [
    "credentials.secretAccessKey",
    (stack, value) =>
      new AwsS3({
        region: "eu-west-1",
        buckets: bucketsFromPrefix("shop"),
        credentials: { accessKeyId: sensitive(stack, "key_id"), secretAccessKey: value },
      }),
  ],
  [
    "credentials.sessionToken",
    (stack, value) =>
      new CephViaGateway({
        endpoint: "http://rgw.shop.example:7480",
        buckets: bucketsFromPrefix("shop"),
        credentials: {
          accessKeyId: sensitive(stack, "key_id"),
          secretAccessKey: sensitive(stack, "secret_key"),
          sessionToken: value,
        },
      }),
  ],
  [
    "target.credentials.accessKeyId",
    (stack, value) =>
      new LocalPlusSync({
        target: {
          kind: "AwsS3",
          bucket: "backups",
          prefix: "shop",
          credentials: { accessKeyId: value, secretAccessKey: sensitive(stack, "sync_secret") },
        },
      }),
  ],
];

const REFUSED: [string, Given, RegExp][] = [
  ["literal text", () => "ab".repeat(32), /it is literal text/],
  [
    "a template literal around a sensitive variable",
    (stack) => `postgres://convex:${sensitive(stack)}@db.internal:5432`,
    /it holds literal text next to the reference/,
  ],
  [
    "a sensitive variable joined to literal text",
    (stack) => Fn.join("-", [sensitive(stack), "suffix"]),
    /it passes literal text to the function join/,
  ],
  [
    "a function of a literal around a sensitive variable",
    (stack) => Fn.lower(`KEY-${sensitive(stack)}`),
    /it holds literal text next to the reference/,
  ],
  [
    "a variable that is not marked sensitive",
    (stack) => plain(stack),
    /the variable plain, which is not marked sensitive/,
  ],
  [
    "a function of a variable that is not marked sensitive",
    (stack) => Fn.lower(plain(stack)),
    /the variable plain, which is not marked sensitive/,
  ],
  [
    "a resource's attribute",
    (stack) => new DataResource(stack, "d", { input: { x: 1 } }).getStringAttribute("id"),
    /it references terraform_data\.d\.id, which is not a Terraform variable/,
  ],
];

const ACCEPTED: [string, Given][] = [
  ["a sensitive variable", (stack) => sensitive(stack)],
  ["a function of a sensitive variable", (stack) => Fn.lower(Fn.trimspace(sensitive(stack)))],
  [
    "sensitive variables joined with nothing between them",
    (stack) => Fn.join("", [sensitive(stack, "a"), sensitive(stack, "b")]),
  ],
];

describe.each(PROPS)("the secret prop %s", (prop, compose) => {
  it.each(REFUSED)("refuses %s at synthesis, naming the prop and not the value", (_title, given, why) => {
    const stack = new TerraformStack(Testing.app(), "shop");
    const value = given(stack);
    let message = "nothing was refused";
    try {
      compose(stack, value);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(new RegExp(`^${prop.replace(/\./g, "\\.")} must reference a sensitive Terraform variable`));
    expect(message).toMatch(why);
    expect(message).not.toContain("abababab");
    expect(message).not.toContain("db.internal");
  });

  it.each(ACCEPTED)("takes %s", (_title, given) => {
    const stack = new TerraformStack(Testing.app(), "shop");
    expect(() => compose(stack, given(stack))).not.toThrow();
  });
});

describe("the library's instance secret", () => {
  it("is checked at plan as 64 hex characters, by a precondition that never shows the value", () => {
    const stack = new TerraformStack(Testing.app(), "shop");
    new ConvexDeployment(stack, "c", {
      workspaceName: "shop",
      urls,
      instanceSecret: sensitive(stack, "instance_secret"),
    });
    const tf = JSON.parse(Testing.synth(stack)) as {
      resource: { docker_container: Record<string, { name: string; lifecycle?: { precondition?: object[] } }> };
    };
    const backend = Object.values(tf.resource.docker_container).find((c) => c.name === "convex-shop-backend")!;
    expect(backend.lifecycle?.precondition).toContainEqual({
      condition: '${can(regex("^[0-9a-fA-F]{64}$", var.instance_secret))}',
      error_message:
        "instanceSecret (TF_VAR_instance_secret) must be 64 hex characters (32 bytes: openssl rand -hex 32) (the value is not shown: it is secret)",
    });
  });
});

describe("the front door's dashboard password hash", () => {
  it("is checked at plan as a bcrypt hash, by a precondition that never shows the value", () => {
    const stack = new TerraformStack(Testing.app(), "shop");
    new ConvexDeployment(stack, "c", {
      workspaceName: "shop",
      urls: { backend: "https://api.shop.test", site: "https://site.shop.test", dashboard: "https://dash.shop.test" },
      frontDoor: { dashboardAuth: { username: "admin", passwordHash: sensitive(stack, "dashboard_password_hash") } },
    });
    const tf = JSON.parse(Testing.synth(stack)) as {
      resource: { docker_container: Record<string, { name: string; lifecycle?: { precondition?: object[] } }> };
    };
    const door = Object.values(tf.resource.docker_container).find((c) => c.name === "convex-shop-proxy")!;
    expect(door.lifecycle?.precondition).toEqual([
      {
        condition: '${can(regex("^[$]2[aby]?[$][0-9]{2}[$][./A-Za-z0-9]{53}$", var.dashboard_password_hash))}',
        error_message:
          "dashboardAuth.passwordHash (TF_VAR_dashboard_password_hash) must be a bcrypt hash (`caddy hash-password`, or `htpasswd -nbBC 14 '' <password> | cut -c2-`) (the value is not shown: it is secret)",
      },
    ]);
  });
});
