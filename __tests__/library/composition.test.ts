import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import {
  ConvexBackend,
  ConvexDashboard,
  ConvexDataVolume,
  type ConvexDataVolumeProps,
  ConvexDeployment,
  ConvexNetwork,
  Database,
  type IStorageStrategy,
  LocalStorage,
} from "../../constructs";
import { DEFAULTS, fingerprintLabels } from "../../constructs/domain";

/*
 * A user who composes the constructs by hand, as the README's "each is usable on its own" invites, keeps the
 * data-loss protection ConvexDeployment gives: the volume's labels and the plan-time guard.
 */

const secretVariable = (stack: TerraformStack, name: string) =>
  new TerraformVariable(stack, name, { type: "string", sensitive: true }).stringValue;

const urls = { cloudOrigin: "https://api.shop.example", siteOrigin: "https://site.shop.example" };

interface Synthesized {
  resource: Record<string, Record<string, Record<string, unknown>>>;
}

function byName(tf: Synthesized, type: string): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.values(tf.resource[type] ?? {}).map((r) => [r.name as string, r]));
}

/** Network, volume, a storage strategy, backend and dashboard, wired by hand. */
function composeByHand(
  options: {
    volume?: Partial<ConvexDataVolumeProps>;
    database?: (stack: TerraformStack) => Database;
    storage?: IStorageStrategy;
  } = {},
): Synthesized {
  const stack = new TerraformStack(Testing.app(), "shop");
  const network = new ConvexNetwork(stack, "network", { networkName: "convex-shop" });
  const dataVolume = new ConvexDataVolume(stack, "data", { workspaceName: "shop", ...options.volume });
  const storage = (options.storage ?? new LocalStorage()).bind(stack, {
    namePrefix: "convex-shop",
    network,
    dataVolume,
    instanceName: "convex-shop",
    protectFromDestroy: true,
  });
  const backend = new ConvexBackend(stack, "backend", {
    containerName: "convex-shop-backend",
    version: DEFAULTS.version,
    instanceName: "convex-shop",
    ...urls,
    network,
    dataVolume,
    storage,
    database: options.database?.(stack),
  });
  new ConvexDashboard(stack, "dashboard", { containerName: "convex-shop-dashboard", backend, network });
  return JSON.parse(Testing.synth(stack)) as Synthesized;
}

function guardOf(tf: Synthesized): { id: string; preconditions: { condition: string; error_message: string }[] } {
  const [id, guard] = Object.entries(tf.resource.terraform_data ?? {}).find(
    ([key]) => key.includes("guard") && !key.includes("ledger"),
  )!;
  return {
    id,
    preconditions: (guard.lifecycle as { precondition: { condition: string; error_message: string }[] }).precondition,
  };
}

describe("constructs composed by hand", () => {
  it("label the volume with what the backend runs with", () => {
    const tf = composeByHand();
    const expected = fingerprintLabels({
      workspace: "shop",
      instanceName: "convex-shop",
      storageMode: "local",
      storageLocation: "volume",
      database: "sqlite",
    });
    const labels = byName(tf, "docker_volume")["convex-shop-data"].labels as { label: string; value: string }[];
    expect(Object.fromEntries(labels.map(({ label, value }) => [label, value]))).toEqual(expected);
  });

  it("record a postgres database in the labels", () => {
    const tf = composeByHand({
      database: (stack) => Database.postgres({ url: secretVariable(stack, "database_url") }),
    });
    const labels = byName(tf, "docker_volume")["convex-shop-data"].labels as { label: string; value: string }[];
    expect(labels).toContainEqual({ label: "convex-stack.database", value: "postgres" });
  });

  it("guard the volume at plan, and make the volume and the backend wait for the guard", () => {
    const tf = composeByHand();
    const guard = guardOf(tf);
    expect(guard.preconditions).toHaveLength(4);
    expect(byName(tf, "docker_volume")["convex-shop-data"].depends_on).toEqual([`terraform_data.${guard.id}`]);
    expect(byName(tf, "docker_container")["convex-shop-backend"].depends_on).toEqual([`terraform_data.${guard.id}`]);
  });

  it("explain a refused change in the props' words, naming the next generation's volume", () => {
    const message = guardOf(composeByHand()).preconditions[0].error_message;
    expect(message).toMatch(
      /^storage: the data volume convex-shop-data was created with storage mode "\$\{terraform_data\.[\w-]+\.output\.storageMode\}" and the stack asks for "local"\./,
    );
    expect(message).toContain("set generation to 2: a new, empty volume convex-shop-data-g2 is created");
    expect(message).not.toMatch(/storage\.kind|volume\.generation|this file/);
  });

  it("record the same fingerprint as ConvexDeployment for the same settings", () => {
    const stack = new TerraformStack(Testing.app(), "shop");
    new ConvexDeployment(stack, "convex", {
      workspaceName: "shop",
      urls: { backend: urls.cloudOrigin, site: urls.siteOrigin, dashboard: "https://dash.shop.example" },
    });
    const ledgerInput = (tf: Synthesized) =>
      Object.entries(tf.resource.terraform_data).find(([id]) => id.includes("ledger"))![1].input;
    expect(ledgerInput(composeByHand())).toEqual(ledgerInput(JSON.parse(Testing.synth(stack)) as Synthesized));
  });

  it("leave the volume unlabelled and unguarded only when told to with fingerprintGuard: false", () => {
    const tf = composeByHand({ volume: { fingerprintGuard: false } });
    expect(tf.resource.terraform_data).toBeUndefined();
    expect(byName(tf, "docker_volume")["convex-shop-data"].labels).toBeUndefined();
    expect(byName(tf, "docker_container")["convex-shop-backend"].depends_on).toBeUndefined();
  });

  it("name each generation's volume from the workspace name, so a new generation is a new volume", () => {
    const tf = composeByHand({ volume: { generation: 3 } });
    expect(Object.keys(byName(tf, "docker_volume"))).toEqual(["convex-shop-data-g3"]);
    expect(guardOf(tf).preconditions[0].error_message).toContain(
      "set generation to 4: a new, empty volume convex-shop-data-g4 is created",
    );
  });

  it("refuse a second backend that would run on the same volume with another database", () => {
    const stack = new TerraformStack(Testing.app(), "shop");
    const network = new ConvexNetwork(stack, "network", { networkName: "convex-shop" });
    const dataVolume = new ConvexDataVolume(stack, "data", { workspaceName: "shop" });
    const storage = new LocalStorage().bind(stack, {
      namePrefix: "convex-shop",
      network,
      dataVolume,
      instanceName: "convex-shop",
      protectFromDestroy: true,
    });
    const common = {
      version: DEFAULTS.version,
      instanceName: "convex-shop",
      ...urls,
      network,
      dataVolume,
      storage,
    };
    new ConvexBackend(stack, "backend", { ...common, containerName: "a" });
    const url = secretVariable(stack, "database_url");
    expect(
      () => new ConvexBackend(stack, "other", { ...common, containerName: "b", database: Database.postgres({ url }) }),
    ).toThrow(/the data volume shop\/data is guarded for another fingerprint \(database "sqlite" against "postgres"\)/);
  });
});
