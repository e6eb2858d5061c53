import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { WORKSPACE_FILE_WORDING } from "../config/volume-change-wording";
import { volumeChangeExplanation, volumeMoveSteps } from "../constructs/domain";
import { checkExistingVolumes } from "../guards/existing-volumes";
import { parseStateDocument } from "../guards/state-document";
import { localStatePath } from "../guards/state-file";
import { readLocalState } from "../guards/state-source";
import { volumesInState } from "../guards/state-volumes";
import { runTs } from "./helpers/run";
import { textOf, workspace } from "./helpers/workspaces";
import { tempDir } from "./helpers/temp";

/*
 * Layer a: the stack's local state file. The fixture is Terraform state format 4 as terraform 1.11 writes
 * it (the ledger part copied from a real apply; the docker_volume in the kreuzwerker provider's shape).
 */
const FIXTURE = join(__dirname, "fixtures", "terraform.app.tfstate");
const S3 = { kind: "AwsS3" as const, region: "eu-central-1", bucketPrefix: "acme-app" };

/** A project directory holding the fixture where synth's LocalBackend would have written it. */
function projectWithState(state: string | object = readFileSync(FIXTURE, "utf8")): string {
  const root = tempDir("state-guard-");
  writeFileSync(join(root, "terraform.app.tfstate"), typeof state === "string" ? state : JSON.stringify(state));
  return join(root, "cdktf.out");
}

/** The parts of the fixture (Terraform state format 4) the tests edit. */
interface FixtureState {
  resources: { type: string; instances: { attributes: unknown }[] }[];
}

/** The docker_volume's attributes, as the kreuzwerker provider records them. */
interface VolumeAttributes {
  name: string;
  id: string;
  labels: { label: string; value: string }[];
}

/** The guard's ledger (terraform_data) attributes. */
interface LedgerAttributes {
  output: { value: unknown };
}

function fixtureWith(edit: (state: FixtureState) => void): object {
  const state = JSON.parse(readFileSync(FIXTURE, "utf8")) as FixtureState;
  edit(state);
  return state;
}

function attributesOf(state: FixtureState, type: "docker_volume"): VolumeAttributes;
function attributesOf(state: FixtureState, type: "terraform_data"): LedgerAttributes;
function attributesOf(state: FixtureState, type: string): unknown {
  const resource = state.resources.find((r) => r.type === type);
  if (!resource) throw new Error(`the fixture has no ${type}`);
  return resource.instances[0].attributes;
}

/** Leaves out the guard's ledger: what a state holds when only the volume's labels speak. */
function withoutLedger(state: FixtureState): void {
  state.resources = state.resources.filter((r) => r.type !== "terraform_data");
}

const offline = (outdir: string) => ({ outdir, offline: true, env: {} });

const LOCAL_APP = {
  workspace: "app",
  instanceName: "convex-app",
  storageLocation: "volume",
  storageMode: "local",
  database: "sqlite",
};

/** The volumes a state document records, as the guard reads them. */
function volumesOf(text: string) {
  const read = parseStateDocument(text);
  if (read.kind !== "read") throw new Error(JSON.stringify(read));
  return volumesInState(read.state);
}

describe("reading a Terraform state file", () => {
  it("finds the docker_volume with the fingerprint of its labels, and the guard's ledger with the same", () => {
    expect(volumesOf(readFileSync(FIXTURE, "utf8"))).toEqual([
      { name: "convex-app-data", fingerprint: LOCAL_APP },
      { name: "convex-app-data", fingerprint: LOCAL_APP },
    ]);
  });

  it("reads the ledger alone, as an apply without the docker provider leaves it", () => {
    const ledgerOnly = fixtureWith((s) => {
      s.resources = s.resources.filter((r) => r.type === "terraform_data");
    });
    expect(volumesOf(JSON.stringify(ledgerOnly))).toEqual([{ name: "convex-app-data", fingerprint: LOCAL_APP }]);
  });

  it("looks where the stack's LocalBackend writes: next to the output directory", () => {
    expect(localStatePath("app", "/p/cdktf.out")).toBe("/p/terraform.app.tfstate");
  });

  it("says absent, or why it cannot read one", () => {
    expect(readLocalState("/nonexistent/terraform.x.tfstate")).toEqual({ kind: "absent" });
    const dir = tempDir("state-");
    writeFileSync(join(dir, "bad"), "{ not json");
    writeFileSync(join(dir, "v3"), JSON.stringify({ version: 3, modules: [] }));
    expect(readLocalState(join(dir, "bad"))).toEqual({ kind: "unreadable", reason: "it is not valid JSON" });
    expect(readLocalState(join(dir, "v3"))).toEqual({ kind: "unreadable", reason: "its format version is 3, not 4" });
  });
});

describe("comparing a workspace with the volume in its state file", () => {
  it("refuses switching a deployed LocalStorage workspace to AwsS3, with the shared explanation and where it was seen", async () => {
    const outdir = projectWithState();
    const report = await checkExistingVolumes([workspace({ name: "app", storage: S3 })], offline(outdir));
    expect(report.findings).toHaveLength(1);
    const [finding] = report.findings;
    expect(finding).toMatchObject({ rule: "volume-change", level: "error", path: "storage.kind" });
    const volume = { workspace: "app", volumeName: "convex-app-data", generation: 1 };
    expect(finding.info).toBe(
      `${volumeChangeExplanation("storageMode", "local", "s3", volume, WORKSPACE_FILE_WORDING)} (Seen in the state file ${localStatePath("app", outdir)}.)`,
    );
    expect(finding.fix).toBe(`undo the change to storage.kind. ${volumeMoveSteps(volume, WORKSPACE_FILE_WORDING)}`);
  });

  it.each([
    [
      "postgres instead of SQLite",
      { database: { kind: "postgres" as const } },
      "database.kind",
      'database "sqlite" and this file asks for "postgres"',
    ],
    [
      "a lower volume generation than the state manages",
      { volume: { generation: 1 } },
      "volume.generation",
      "generations only go up",
    ],
  ])("refuses %s", async (_title, change, path, fragment) => {
    const state =
      path === "volume.generation"
        ? fixtureWith((s) => {
            const volume = attributesOf(s, "docker_volume");
            volume.name = volume.id = "convex-app-data-g3";
          })
        : undefined;
    const report = await checkExistingVolumes(
      [workspace({ name: "app", ...change })],
      offline(projectWithState(state)),
    );
    expect(report.findings.map((f) => f.path)).toEqual([path]);
    expect(textOf(report.findings[0])).toContain(fragment);
  });

  it.each([
    ["the same settings", {}],
    ["another instance name of a local SQLite volume", { convex: { instanceName: "renamed" } }],
    ["S3 on a new volume generation (the supported way)", { storage: S3, volume: { generation: 2 } }],
    [
      "another port and bind address",
      { network: { bindAddress: "127.0.0.2", ports: { backend: 4000, site: 4001, dashboard: 4002 } } },
    ],
  ])("accepts %s", async (_title, change) => {
    const report = await checkExistingVolumes([workspace({ name: "app", ...change })], offline(projectWithState()));
    expect(report.findings).toEqual([]);
  });

  it("accepts a workspace that was never deployed (no state file)", async () => {
    const outdir = join(tempDir("fresh-"), "cdktf.out");
    expect((await checkExistingVolumes([workspace({ name: "app", storage: S3 })], offline(outdir))).findings).toEqual(
      [],
    );
  });

  it("says so when the state cannot be read or the volume carries no labels, without refusing", async () => {
    const unreadable = await checkExistingVolumes(
      [workspace({ name: "app", storage: S3 })],
      offline(projectWithState("{ truncated")),
    );
    expect(unreadable.findings).toEqual([]);
    expect(unreadable.notes).toContainEqual(
      expect.stringMatching(/terraform\.app\.tfstate could not be read \(it is not valid JSON\)/),
    );
    // Without labels and without the guard's ledger, nothing says what the volume was created with.
    const unlabelled = fixtureWith((s) => {
      attributesOf(s, "docker_volume").labels = [];
      withoutLedger(s);
    });
    const report = await checkExistingVolumes(
      [workspace({ name: "app", storage: S3 })],
      offline(projectWithState(unlabelled)),
    );
    expect(report.findings).toEqual([]);
    expect(report.notes).toContainEqual(
      expect.stringContaining("without convex-stack.* labels, so what it was created with is unknown"),
    );
  });

  it("compares what a partly labelled volume records: a storage-mode label alone still refuses a switch to S3", async () => {
    const partly = fixtureWith((s) => {
      const attributes = attributesOf(s, "docker_volume");
      withoutLedger(s); // the labels alone speak
      attributes.labels = attributes.labels.filter((l) => l.label === "convex-stack.storage-mode");
    });
    const report = await checkExistingVolumes(
      [workspace({ name: "app", storage: S3 })],
      offline(projectWithState(partly)),
    );
    expect(report.findings.map((p) => p.path)).toEqual(["storage.kind"]);
    expect(report.findings[0].info).toContain('created with storage mode "local" and this file asks for "s3"');
    // What is missing is said to be unknown, not taken as a match.
    expect(report.notes).toContainEqual(
      expect.stringContaining(
        "without the label(s) convex-stack.workspace, convex-stack.instance-name, convex-stack.storage-location, convex-stack.database",
      ),
    );
  });

  it("treats a missing label as unknown, not as a match: a bound instance name is not renamed over a partial record", async () => {
    const s3State = fixtureWith((s) => {
      const attributes = attributesOf(s, "docker_volume");
      withoutLedger(s); // the labels alone speak
      // Recorded: the instance name only (mode and database unknown, so the name may be bound to data).
      attributes.labels = [{ label: "convex-stack.instance-name", value: "convex-app" }];
    });
    const report = await checkExistingVolumes(
      [workspace({ name: "app", convex: { instanceName: "renamed" } })],
      offline(projectWithState(s3State)),
    );
    expect(report.findings.map((p) => p.path)).toEqual(["convex.instanceName"]);
  });

  it("compares endpoints in one spelling: a state recorded with another case and the default port is the same location", async () => {
    const ceph = (endpoint: string) => ({ kind: "CephViaGateway" as const, endpoint, bucketPrefix: "acme-app" });
    const recorded = fixtureWith((s) => {
      const attributes = attributesOf(s, "docker_volume");
      withoutLedger(s); // the labels alone speak
      const location =
        "https://RGW.Example.Internal:443/ us-east-1 acme-app-exports,acme-app-snapshot-imports,acme-app-modules,acme-app-files,acme-app-search";
      attributes.labels = attributes.labels.map((l) =>
        l.label === "convex-stack.storage-location"
          ? { ...l, value: location }
          : l.label === "convex-stack.storage-mode"
            ? { ...l, value: "s3" }
            : l,
      );
    });
    const same = await checkExistingVolumes(
      [workspace({ name: "app", storage: ceph("https://rgw.example.internal") })],
      offline(projectWithState(recorded)),
    );
    expect(same.findings).toEqual([]);
    const other = await checkExistingVolumes(
      [workspace({ name: "app", storage: ceph("https://rgw.example.internal:8443") })],
      offline(projectWithState(recorded)),
    );
    expect(other.findings.map((p) => p.path)).toEqual(["storage"]);
  });

  it("never blocks on a state file that is a named pipe: it says what the path is", async () => {
    const root = tempDir("fifo-state-");
    execFileSync("mkfifo", [join(root, "terraform.app.tfstate")]);
    const report = await checkExistingVolumes([workspace({ name: "app" })], offline(join(root, "cdktf.out")));
    expect(report.findings).toEqual([]);
    expect(report.notes).toContainEqual(
      expect.stringContaining("could not be read (it is a named pipe (FIFO), not a regular file"),
    );
  });

  it("compares what a partial ledger in the state records, as it does partial labels", async () => {
    const partLedger = fixtureWith((s) => {
      attributesOf(s, "docker_volume").labels = [];
      const ledger = attributesOf(s, "terraform_data");
      ledger.output.value = { storageMode: "local" };
    });
    const report = await checkExistingVolumes(
      [workspace({ name: "app", storage: S3 })],
      offline(projectWithState(partLedger)),
    );
    expect(report.findings.map((p) => p.path)).toEqual(["storage.kind"]);
  });

  it("says that the live volumes were not asked when offline", async () => {
    const report = await checkExistingVolumes([workspace({ name: "app" })], {
      outdir: projectWithState(),
      env: { CONVEX_STACK_OFFLINE: "1" },
    });
    expect(report.notes).toEqual([
      expect.stringContaining("offline (--offline or CONVEX_STACK_OFFLINE=1): the live Docker volumes were not asked"),
    ]);
  });

  it("is what `npm run validate -- --offline` runs: refused from the state file, the skipped check said", () => {
    const outdir = projectWithState();
    const dir = tempDir("validate-offline-");
    writeFileSync(join(dir, "app.json"), JSON.stringify({ name: "app", storage: S3 }));
    const result = runTs("bin/validate.ts", ["--offline", dir], { CDKTF_OUTDIR: outdir });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^warning: offline \(--offline or CONVEX_STACK_OFFLINE=1\)/);
    expect(result.stderr).toContain(
      'app.json: storage.kind: the data volume convex-app-data was created with storage mode "local"',
    );
  });

  it("reads the fixture copied under another workspace's name as that workspace's only", async () => {
    const root = tempDir("other-");
    copyFileSync(FIXTURE, join(root, "terraform.other.tfstate"));
    const report = await checkExistingVolumes(
      [workspace({ name: "other", storage: S3 })],
      offline(join(root, "cdktf.out")),
    );
    // The state holds convex-app-data, not a volume of workspace "other".
    expect(report.findings).toEqual([]);
  });
});
