import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type Docker from "dockerode";
import { parseWorkspace } from "../config/load";
import { dependencyOrder } from "../drill/drill";
import { originalOf, terraformDataCopy } from "../drill/terraform-copy";
import { type ObservedContainer, containerRequest, differences, goDuration, untranslated } from "../drill/translation";
import { ROOT } from "./helpers/run";
import { synth } from "./helpers/workspaces";

/** Every example workspace file, synthesized as `npm run synth` would. */
const examples = readdirSync(join(ROOT, "config/examples"))
  .filter((file) => file.endsWith(".json"))
  .map((file) => {
    const path = `config/examples/${file}`;
    const { workspace } = parseWorkspace(path, readFileSync(join(ROOT, path), "utf8"), {});
    return { path, tf: synth(workspace!).tf };
  });

type Stack = { resource: Record<string, Record<string, Record<string, unknown>>> };
const clone = (stack: unknown): Stack => JSON.parse(JSON.stringify(stack)) as Stack;
const firstContainer = (stack: Stack) => Object.values(stack.resource.docker_container)[0];

describe("the drill applies every docker_* attribute the stacks use (completeness)", () => {
  it.each(examples.map((e) => [e.path, e.tf] as const))("%s", (_path, tf) => {
    expect(untranslated(tf)).toEqual([]);
  });

  it("names an attribute, a block attribute and a resource type the translation does not apply", () => {
    const stack = clone(examples[0].tf);
    const container = firstContainer(stack);
    container.privileged = true;
    container.healthcheck = { ...(container.healthcheck as object), test: ["CMD", "true"], shell: "sh" };
    stack.resource.docker_service = { svc: { name: "x" } };
    const address = Object.keys(stack.resource.docker_container)[0];
    expect(untranslated(stack)).toEqual([
      `docker_container.${address}: healthcheck.shell`,
      `docker_container.${address}: privileged`,
      "resource type docker_service",
    ]);
  });

  it("names a reference to an attribute only the provider computes", () => {
    const stack = clone(examples[0].tf);
    const [address, container] = Object.entries(stack.resource.docker_container)[0];
    container.env = [`PEER=\${docker_container.${address}.ip_address}`];
    expect(untranslated(stack)).toEqual([
      `reference docker_container.${address}.ip_address: ip_address is computed by the provider`,
    ]);
  });
});

describe("the translation to the Engine API", () => {
  const container = {
    name: "convex-x-backend",
    image: "sha256:abc",
    env: ["B=2", "A=1"],
    entrypoint: ["sh", "-c", "run"],
    healthcheck: {
      test: ["CMD", "curl", "-f", "http://localhost:3210/version"],
      interval: "5s",
      retries: 3,
      start_period: "1m30s",
    },
    ports: [{ internal: 3210, external: 43210, ip: "127.0.0.1" }, { internal: 3211 }],
    volumes: [
      { container_path: "/convex/data", volume_name: "convex-x-data", read_only: true },
      { container_path: "/ca.pem", host_path: "/etc/ca.pem" },
    ],
    networks_advanced: [{ name: "convex-x", aliases: ["backend"] }],
    restart: "unless-stopped",
    init: true,
    user: "root",
    upload: [
      { file: "/etc/a.json", content: "{}" },
      { file: "/bin/run", content_base64: Buffer.from("#!/bin/sh\n").toString("base64"), executable: true },
    ],
    wait: true,
    wait_timeout: 90,
  };

  it("writes what the provider's create writes, its defaults included", () => {
    const request = containerRequest(container);
    expect(request.create).toMatchObject({
      name: "convex-x-backend",
      Image: "sha256:abc",
      Env: ["B=2", "A=1"],
      Entrypoint: ["sh", "-c", "run"],
      User: "root",
      Healthcheck: {
        Test: ["CMD", "curl", "-f", "http://localhost:3210/version"],
        Interval: 5e9,
        Retries: 3,
        StartPeriod: 90e9,
        Timeout: 0,
      },
      ExposedPorts: { "3210/tcp": {}, "3211/tcp": {} },
      HostConfig: {
        Binds: ["/etc/ca.pem:/ca.pem:rw", "convex-x-data:/convex/data:ro"],
        PortBindings: {
          "3210/tcp": [{ HostIp: "127.0.0.1", HostPort: "43210" }],
          "3211/tcp": [{ HostIp: "0.0.0.0", HostPort: "" }],
        },
        RestartPolicy: { Name: "unless-stopped" },
        NetworkMode: "bridge",
        Init: true,
      },
    });
    expect(request.networks).toEqual([{ name: "convex-x", aliases: ["backend"] }]);
    expect(request.uploads.map((u) => [u.file, u.content.toString(), u.mode.toString(8)])).toEqual([
      ["/etc/a.json", "{}", "644"],
      ["/bin/run", "#!/bin/sh\n", "744"],
    ]);
    expect({ wait: request.wait, timeout: request.waitTimeoutSeconds }).toEqual({ wait: true, timeout: 90 });
    expect(containerRequest({ name: "y", image: "i" }).create.HostConfig).toEqual({
      RestartPolicy: { Name: "no" },
      NetworkMode: "bridge",
      Init: false,
    });
  });

  /** What `docker inspect` says of a container created from `attributes`, with image-given env and labels. */
  function inspected(attributes: typeof container): ObservedContainer {
    const request = containerRequest(attributes);
    const create = request.create;
    return {
      container: {
        Id: "0123456789abcdef",
        Name: `/${create.name}`,
        Image: create.Image,
        Config: {
          Image: create.Image,
          Env: [...create.Env!, "PATH=/usr/bin"],
          Entrypoint: create.Entrypoint,
          User: create.User,
          Labels: { "from.image": "yes" },
          Healthcheck: create.Healthcheck,
        },
        HostConfig: create.HostConfig,
        Mounts: [
          { Type: "volume", Name: "convex-x-data", Destination: "/convex/data", RW: false },
          { Type: "bind", Source: "/etc/ca.pem", Destination: "/ca.pem", RW: true },
        ],
        NetworkSettings: { Networks: { "convex-x": { Aliases: ["0123456789ab", "backend"] } } },
      } as unknown as Docker.ContainerInspectInfo,
      image: {
        Config: { Env: ["PATH=/usr/bin"], Labels: { "from.image": "yes" } },
      } as unknown as Docker.ImageInspectInfo,
      uploads: new Map(request.uploads.map((u) => [u.file, { content: u.content, mode: 0o100000 | u.mode }])),
    };
  }

  it("finds no difference on a container created from the attributes", () => {
    expect(differences("docker_container", container, inspected(container))).toEqual([]);
  });

  it("reads each difference back, naming only which env entries differ", () => {
    const observed = inspected(container);
    observed.container.HostConfig.RestartPolicy = { Name: "no" };
    observed.container.Config.Env = ["A=1", "B=secret-value", "PATH=/usr/bin"];
    observed.container.Mounts[0].RW = true;
    (observed.uploads as Map<string, { content: Buffer; mode: number }>).set("/bin/run", {
      content: Buffer.from("other"),
      mode: 0o744,
    });
    const found = differences("docker_container", container, observed);
    expect(found.map((d) => d.attribute)).toEqual(["env", "volumes", "restart", "upload"]);
    expect(found[0].detail).toBe('not as evaluated: ["B"]; not in the stack: ["B"] (values not shown)');
    expect(JSON.stringify(found)).not.toContain("secret-value");
    expect(found[2].detail).toBe('wanted "unless-stopped", found "no"');
    // An attribute the resource's lifecycle ignores is not compared, as the provider's plan would not.
    expect(differences("docker_container", container, observed, ["env", "volumes", "restart", "upload"])).toEqual([]);
  });

  it("reads Go durations as the provider does", () => {
    expect([goDuration("5s"), goDuration("1m30s"), goDuration("250ms"), goDuration("0s"), goDuration("soon")]).toEqual([
      5e9, 90e9, 250e6, 0, 0,
    ]);
  });
});

describe("the terraform_data copy", () => {
  const stack = {
    provider: { docker: [{ host: "unix:///var/run/docker.sock" }], aws: [{ region: "us-east-1" }] },
    terraform: {
      backend: { s3: { bucket: "real-state" } },
      required_providers: { docker: { source: "kreuzwerker/docker" }, aws: { source: "hashicorp/aws" } },
    },
    output: { backend: { value: "${docker_container.backend.name}" } },
    removed: [{ from: "docker_volume.old", lifecycle: { destroy: false } }],
    resource: {
      docker_image: { img: { name: "busybox:1", keep_locally: true } },
      docker_volume: {
        data: {
          name: "v",
          lifecycle: { prevent_destroy: true, ignore_changes: ["labels"] },
          depends_on: ["terraform_data.guard"],
        },
      },
      docker_container: {
        backend: {
          name: "c",
          image: "${docker_image.img.image_id}",
          // Literal text naming an address is left alone; `$${` stays an escape; a reference inside a nested template is rewritten.
          env: [
            "NOTE=docker_volume.data is literal",
            "SHELL=$${HOME}",
            '${jsonencode({ v = "${docker_volume.data.name}" })}',
          ],
          volumes: [{ container_path: "/d", volume_name: "${docker_volume.data.name}" }],
          provider: "docker",
          lifecycle: { precondition: [{ condition: '${self.name != ""}', error_message: "no name" }] },
        },
      },
      terraform_data: { guard: { input: "${docker_volume.data.name}" } },
    },
  };
  const copy = terraformDataCopy(stack, { imageIds: new Map([["busybox:1", "sha256:b"]]), statePath: "/run/state" });
  const data = copy.resource!.terraform_data;

  it("turns each docker resource into a terraform_data carrying its attributes, the image's id added", () => {
    expect(Object.keys(copy.resource!)).toEqual(["terraform_data"]);
    expect(Object.keys(data).map((name) => originalOf(name)?.name ?? name)).toEqual([
      "guard",
      "data",
      "img",
      "backend",
    ]);
    expect(data.docker_image__img).toEqual({ input: { name: "busybox:1", keep_locally: true, image_id: "sha256:b" } });
    expect(data.docker_volume__data).toEqual({
      depends_on: ["terraform_data.guard"],
      lifecycle: { prevent_destroy: true },
      input: { name: "v" },
    });
  });

  it("rewrites references in expressions and addresses, never in literal text", () => {
    const backend = data.docker_container__backend as { input: Record<string, unknown>; lifecycle: unknown };
    expect(backend.input.image).toBe("${terraform_data.docker_image__img.output.image_id}");
    expect(backend.input.env).toEqual([
      "NOTE=docker_volume.data is literal",
      "SHELL=$${HOME}",
      '${jsonencode({ v = "${terraform_data.docker_volume__data.output.name}" })}',
    ]);
    expect(backend.input.provider).toBeUndefined();
    expect(backend.lifecycle).toEqual({
      precondition: [{ condition: '${self.output.name != ""}', error_message: "no name" }],
    });
    expect(data.guard).toEqual({ input: "${terraform_data.docker_volume__data.output.name}" });
    expect(copy.output).toEqual({ backend: { value: "${terraform_data.docker_container__backend.output.name}" } });
    expect(copy.removed).toEqual([{ from: "terraform_data.docker_volume__old", lifecycle: { destroy: false } }]);
  });

  it("drops the docker provider and keeps the state in the drill's own file, never the deployment's backend", () => {
    expect(copy.provider).toEqual({ aws: [{ region: "us-east-1" }] });
    expect(copy.terraform).toEqual({
      required_providers: { aws: { source: "hashicorp/aws" } },
      backend: { local: { path: "/run/state" } },
    });
  });
});

describe("the containers' order", () => {
  const object = (name: string, dependsOn: string[] = [], index = "") => ({
    address: `terraform_data.docker_container__${name}${index}`,
    type: "docker_container" as const,
    resource: name,
    attributes: { name },
    dependsOn: dependsOn.map((d) => `terraform_data.docker_container__${d}`),
  });

  it("puts each container after every container it depends on, all instances of a for_each included", () => {
    const order = dependencyOrder([
      object("dashboard", ["backend"]),
      object("proxy", ["dashboard", "backend"]),
      object("backend", [], '["b"]'),
      object("backend", [], '["a"]'),
    ]).map((o) => o.address.replace("terraform_data.docker_container__", ""));
    expect(order).toEqual(['backend["a"]', 'backend["b"]', "dashboard", "proxy"]);
  });

  it("refuses containers that depend on each other in a circle", () => {
    expect(() => dependencyOrder([object("a", ["b"]), object("b", ["a"])])).toThrow(/in a circle/);
  });
});
