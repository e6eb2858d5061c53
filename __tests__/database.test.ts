import { byName, envOf, synth, workspace } from "./helpers/workspaces";

describe("sqlite (the default)", () => {
  const stack = synth(workspace({ name: "app" }));

  it("gives the backend no database variable, mount or output, and declares no database_url", () => {
    const env = envOf(stack, "convex-app-backend");
    for (const key of [
      "POSTGRES_URL",
      "MYSQL_URL",
      "DATABASE_URL",
      "DO_NOT_REQUIRE_SSL",
      "PG_CA_FILE",
      "MYSQL_CA_FILE",
    ])
      expect(env).not.toHaveProperty(key);
    expect(byName(stack, "docker_container")["convex-app-backend"].volumes).toHaveLength(1);
    expect(stack.tf.output).not.toHaveProperty("database_name");
    expect(stack.tf.variable).toBeUndefined();
  });
});

describe.each([
  { kind: "postgres", urlVar: "POSTGRES_URL", caVar: "PG_CA_FILE", otherUrlVar: "MYSQL_URL" },
  { kind: "mysql", urlVar: "MYSQL_URL", caVar: "MYSQL_CA_FILE", otherUrlVar: "POSTGRES_URL" },
] as const)("$kind", ({ kind, urlVar, caVar, otherUrlVar }) => {
  const backend = (database: object, extra: object = {}) => {
    const stack = synth(workspace({ name: "shop-eu", database: { kind, ...database }, ...extra }));
    return {
      stack,
      env: envOf(stack, "convex-shop-eu-backend"),
      container: byName(stack, "docker_container")["convex-shop-eu-backend"],
    };
  };

  it(`takes ${urlVar} only from the sensitive variable database_url`, () => {
    const { stack, env } = backend({});
    expect(env[urlVar]).toBe("${var.database_url}");
    expect(env).not.toHaveProperty(otherUrlVar);
    expect(stack.tf.variable!.database_url).toMatchObject({ sensitive: true, type: "string", nullable: false });
    expect(envOf(stack, "convex-shop-eu-dashboard")).toEqual({ NEXT_PUBLIC_DEPLOYMENT_URL: "http://localhost:3210" });
  });

  it("requires TLS by default: DO_NOT_REQUIRE_SSL is absent (any value would turn it on)", () => {
    expect(backend({}).env).not.toHaveProperty("DO_NOT_REQUIRE_SSL");
    expect(backend({ requireSsl: true }).env).not.toHaveProperty("DO_NOT_REQUIRE_SSL");
  });

  it("emits DO_NOT_REQUIRE_SSL=true only when requireSsl is false", () => {
    expect(backend({ requireSsl: false }).env.DO_NOT_REQUIRE_SSL).toBe("true");
  });

  it(`mounts the CA file read-only and points ${caVar} at it`, () => {
    const { env, container } = backend({ caFile: "/etc/ssl/certs/db-ca.pem" });
    expect(container.volumes).toContainEqual({
      host_path: "/etc/ssl/certs/db-ca.pem",
      container_path: env[caVar],
      read_only: true,
    });
    expect(env[caVar]).toBe("/convex/certs/database-ca.pem");
    expect(backend({}).env).not.toHaveProperty(caVar);
    expect(backend({}).container.volumes).toHaveLength(1);
  });

  it("outputs the database that must exist: the instance name with '-' replaced by '_'", () => {
    expect(backend({}).stack.tf.output.database_name.value).toBe("convex_shop_eu");
    expect(backend({}, { convex: { instanceName: "convex-self-hosted" } }).stack.tf.output.database_name.value).toBe(
      "convex_self_hosted",
    );
  });

  it("records the database kind in the volume's fingerprint", () => {
    expect(byName(backend({}).stack, "docker_volume")["convex-shop-eu-data"].labels).toContainEqual({
      label: "convex-stack.database",
      value: kind,
    });
  });
});
