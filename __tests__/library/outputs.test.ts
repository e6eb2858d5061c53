import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { ConvexDeployment, type ConvexDeploymentProps, Database } from "../../constructs";

/*
 * What this repository's app outputs for a workspace (URLs, the admin key command, the frontend's settings, the
 * database name, the storage strategy's outputs) is ConvexDeployment's to know, so a library stack gets the same.
 */

const urls = {
  backend: "https://api.shop.example",
  site: "https://site.shop.example",
  dashboard: "https://dash.shop.example",
};

function deploy(props: Partial<ConvexDeploymentProps> = {}, database?: (stack: TerraformStack) => Database) {
  const stack = new TerraformStack(Testing.app(), "shop");
  const deployment = new ConvexDeployment(stack, "convex", {
    workspaceName: "shop",
    urls,
    database: database?.(stack),
    ...props,
  });
  for (const [name, output] of Object.entries(deployment.outputs)) new TerraformOutput(stack, name, output);
  const tf = JSON.parse(Testing.synth(stack)) as { output: Record<string, { value: unknown }> };
  return { deployment, outputs: Object.fromEntries(Object.entries(tf.output).map(([name, o]) => [name, o.value])) };
}

describe("a deployment's outputs, as attributes", () => {
  it("are the URLs, the admin key command and the frontend's settings, from the props", () => {
    const { deployment, outputs } = deploy();
    expect(deployment.urls).toEqual(urls);
    expect(deployment.adminKeyCommand).toBe("docker exec convex-shop-backend ./generate_admin_key.sh");
    expect(deployment.frontendEnvironment).toEqual({
      VITE_CONVEX_URL: urls.backend,
      CONVEX_SELF_HOSTED_URL: urls.backend,
    });
    expect(deployment.databaseName).toBeUndefined();
    expect(outputs).toEqual({
      backend_url: urls.backend,
      site_url: urls.site,
      dashboard_url: urls.dashboard,
      admin_key_command: deployment.adminKeyCommand,
      frontend_env: deployment.frontendEnvironment,
    });
  });

  it("name a remote Docker engine in the admin key command", () => {
    const { deployment } = deploy({ dockerHost: "ssh://deploy@build-host" });
    expect(deployment.adminKeyCommand).toBe(
      "docker -H ssh://deploy@build-host exec convex-shop-backend ./generate_admin_key.sh",
    );
  });

  it("refuse a Docker host that would mean something to the shell the command is pasted into", () => {
    expect(() => deploy({ dockerHost: "ssh://host; rm -rf ~" })).toThrow(
      'dockerHost must be unix:///path, ssh://[user@]host[:port] or tcp://host[:port], in letters, digits and . _ - + / : @ [ ] only (it is part of a shell command), got "ssh://host; rm -rf ~"',
    );
  });

  it("include the database the server must have, for PostgreSQL and MySQL", () => {
    const url = (stack: TerraformStack) =>
      new TerraformVariable(stack, "database_url", { type: "string", sensitive: true }).stringValue;
    const { deployment, outputs } = deploy({ instanceName: "shop-prod" }, (stack) =>
      Database.postgres({ url: url(stack) }),
    );
    expect(deployment.databaseName).toBe("shop_prod");
    expect(outputs.database_name).toBe("shop_prod");
  });
});
