import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KNOWN_REVISIONS, fingerprintLabels } from "../../constructs/domain";
import { IMAGE_REVISION_LABEL } from "../../upgrades/backend-image";
import { DowngradeGuard } from "../../constructs/downgrade-guard";
import { runTs } from "../helpers/run";
import { planJson, terraformDir, terraformWorkdir, withoutDocker } from "../helpers/terraform";
import { synth, workspace } from "../helpers/workspaces";
import { tempDir } from "../helpers/temp";

/*
 * The upgrade guard against the real Docker engine and the real terraform binary. No registry is reachable,
 * so the "upstream" backend image is a tiny root file system (sleep and its libraries) imported locally
 * under the pinned image's name, with the revision label upstream's Dockerfile gives it; the container is
 * created from the image's ID, as Terraform's provider creates it.
 */

const NEW = "a9a760ca10399ed42e1b4bb87c78539a235488c7"; // 2026-03-24, database version 124
const OLD = "4d3b0a5de955a258e70e3813bbff486051d88820"; // 2025-09-12, database version 122
const OLDER = "33cef775a8a6228cbacee4a09ac2c4073d62ed13"; // 2025-08-05, database version 121
const NAME = `upgrade-${process.pid}`;
const VOLUME = `convex-${NAME}-data`;
const CONTAINER = `convex-${NAME}-backend`;

function docker(...args: string[]): string {
  return execFileSync("docker", args, { encoding: "utf8" }).trim();
}

/**
 * A repository of this run's own: the pinned image's name is the drill's locally built stand-in, which this
 * test must neither replace nor remove (the guard reads the revision from the label, as upstream's image has it).
 */
const IMAGE = `convex-stack-test/upgrade-guard-${process.pid}`;

/** Imports a root file system holding /bin/sleep as `<IMAGE>:<revision>`, labelled like upstream's image; returns its ID. */
function importBackendImage(revision: string): string {
  const libraries = execFileSync("ldd", ["/bin/sleep"], { encoding: "utf8" }).match(/\/\S+/g) ?? [];
  const dir = tempDir("rootfs-");
  execFileSync("tar", ["-C", "/", "-chf", join(dir, "rootfs.tar"), "bin/sleep", ...libraries.map((p) => p.slice(1))]);
  docker(
    "import",
    "--change",
    `LABEL ${IMAGE_REVISION_LABEL}=${revision}`,
    join(dir, "rootfs.tar"),
    `${IMAGE}:${revision}`,
  );
  return docker("image", "inspect", "--format", "{{.Id}}", `${IMAGE}:${revision}`);
}

/**
 * (Re)starts the workspace's backend container on its volume, from the image of `revision`, by image ID, with
 * the document retention the stack gives it (so the retention check has nothing to say).
 */
function runBackend(revision: string): void {
  execFileSync("docker", ["rm", "-f", CONTAINER], { stdio: "ignore" });
  docker(
    "run",
    "-d",
    "--name",
    CONTAINER,
    "-v",
    `${VOLUME}:/convex/data`,
    "-e",
    "DOCUMENT_RETENTION_DELAY=172800",
    images[revision],
    "/bin/sleep",
    "600",
  );
}

const images: Record<string, string> = {};
const workspaces = tempDir("upgrade-workspaces-");
/** A project root with no state file: only the live container speaks. */
const noState = () => join(tempDir("upgrade-out-"), "cdktf.out");

function writeWorkspace(version: string, extra: Record<string, unknown> = {}): void {
  writeFileSync(join(workspaces, `${NAME}.json`), JSON.stringify({ name: NAME, convex: { version, ...extra } }));
}

function validate(env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  return runTs("bin/validate.ts", [workspaces], { CDKTF_OUTDIR: noState(), ...env });
}

beforeAll(() => {
  for (const revision of [NEW, OLD]) images[revision] = importBackendImage(revision);
  const labels = fingerprintLabels(workspace({ name: NAME }).fingerprint);
  docker("volume", "create", ...Object.entries(labels).flatMap(([k, v]) => ["--label", `${k}=${v}`]), VOLUME);
});

afterAll(() => {
  execFileSync("docker", ["rm", "-f", CONTAINER], { stdio: "ignore" });
  docker("volume", "rm", VOLUME);
  for (const revision of [NEW, OLD]) execFileSync("docker", ["rmi", `${IMAGE}:${revision}`], { stdio: "ignore" });
});

describe("validate and synth, over a live backend container", () => {
  it("read the revision the container runs from its image, not from the workspace file", () => {
    runBackend(OLD);
    writeWorkspace(OLD);
    const result = validate();
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("pass a newer revision and say what the upgrade involves: export first, the log line to wait for, the healthy-wait", () => {
    runBackend(OLD);
    writeWorkspace(NEW);
    const result = validate();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`ok ${NAME}`);
    const note = result.stderr.trim();
    expect(note).toMatch(
      new RegExp(
        `^warning: \\S+${NAME}\\.json: convex\\.version upgrades ${NAME} from ${OLD} \\(2025-09-12\\) to ${NEW} \\(2026-03-24\\)`,
      ),
    );
    expect(note).toContain("it migrates the database from version 122 to 124");
    expect(note).toContain("npx convex export --include-file-storage");
    expect(note).toContain(
      "the healthy-wait (convex.waitTimeout, 600 s) holds the deploy until the backend answers /version",
    );
    expect(note).toContain(`"Migration complete" in docker logs ${CONTAINER}`);
    expect(note).toContain(`(Seen in the image of container ${CONTAINER} on unix:///var/run/docker.sock.)`);
  });

  it("refuse an older revision, naming both revisions and their dates", () => {
    runBackend(OLD);
    writeWorkspace(OLDER);
    const result = validate();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${NAME}.json: convex.version: is ${OLDER} (2025-08-05), older than ${OLD} (2025-09-12), which has already run on the database of this deployment.`,
    );
    expect(result.stderr).toContain("migrated it to database version 122; 33cef775 knows versions up to 121");
    expect(result.stderr).toContain(
      `restore a backup made before the upgrade (a LocalPlusSync snapshot: npm run restore -- ${NAME}`,
    );
  });

  it("refuse the pinned default's predecessor once the pinned revision runs, in validate and in synth (nothing written)", () => {
    runBackend(NEW);
    writeWorkspace(OLD);
    const refused = validate();
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`is ${OLD} (2025-09-12), older than ${NEW} (2026-03-24)`);

    const out = noState();
    const synthesized = runTs("main.ts", [], { CDKTF_OUTDIR: out, CONVEX_STACK_WORKSPACES: workspaces });
    expect(synthesized.status).toBe(1);
    expect(synthesized.stderr).toContain("Workspace configuration refused:");
    expect(synthesized.stderr).toContain(`convex.version: is ${OLD} (2025-09-12), older than ${NEW} (2026-03-24)`);
    expect(existsSync(out)).toBe(false);

    writeWorkspace(NEW);
    expect(validate()).toMatchObject({ status: 0, stderr: "" });
  });

  it("ask no engine offline, and a container on another volume generation does not count", () => {
    runBackend(NEW);
    writeWorkspace(OLD);
    expect(validate({ CONVEX_STACK_OFFLINE: "1" }).status).toBe(0);
    writeFileSync(
      join(workspaces, `${NAME}.json`),
      JSON.stringify({ name: NAME, convex: { version: OLD }, volume: { generation: 2 } }),
    );
    expect(validate().status).toBe(0);
  });

  it("say UNKNOWN, not fine, for a revision it cannot date, and order it once its date is stated", () => {
    runBackend(NEW);
    const undated = "0123456789abcdef0123456789abcdef01234567";
    writeWorkspace(undated);
    const unknown = validate();
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain(
      `is ${undated} (date unknown), and ${NEW} (2026-03-24) has already run on the database of this deployment`,
    );
    expect(unknown.stderr).toContain(`convex.revisionDates: { "${undated}": "YYYY-MM-DD" }`);

    writeWorkspace(undated, { revisionDates: { [undated]: "2026-05-01" } });
    const later = validate();
    expect(later.status).toBe(0);
    expect(later.stderr).toContain(`to ${undated} (2026-05-01, as stated in convex.revisionDates)`);

    writeWorkspace(undated, { revisionDates: { [undated]: "2026-01-10" } });
    expect(validate().stderr).toContain(
      `is ${undated} (2026-01-10, as stated in convex.revisionDates), older than ${NEW} (2026-03-24)`,
    );
  });
});

describe("terraform plan, with the downgrade guard's record in the state", () => {
  const dir = terraformWorkdir("downgrade-plan-");
  /** The workspace's own stack at `version`, without its Docker resources (the docker provider is not installable here). */
  const stackAt = (version: string) =>
    terraformDir(dir, withoutDocker(synth(workspace({ name: NAME, convex: { version } }))));

  beforeAll(() => {
    const tf = stackAt(OLD);
    expect(tf(["init", "-input=false"]).status).toBe(0);
    expect(tf(["apply", "-auto-approve", "-input=false"]).status).toBe(0);
  });

  it("passes a newer revision, adding it to the record", () => {
    stackAt(NEW);
    const plan = planJson(dir);
    expect(plan.errors).toEqual([]);
    expect(plan.changes.filter((c) => c.action !== "create")).toEqual([]);
    expect(plan.changes.map((c) => c.address)).toContainEqual(
      expect.stringContaining(`["${DowngradeGuard.recordKey(NEW)}"]`),
    );
    expect(stackAt(NEW)(["apply", "-auto-approve", "-input=false"]).status).toBe(0);
  });

  it("passes the same revision with nothing to change", () => {
    stackAt(NEW);
    expect(planJson(dir)).toMatchObject({ status: 0, errors: [], changes: [] });
  });

  it("refuses an older revision at plan, naming the newest revision the database has seen", () => {
    stackAt(OLD);
    const plan = planJson(dir);
    expect(plan.status).toBe(1);
    // One error per known revision newer than the older one, up to the newest the database has seen.
    const dropped = Object.keys(KNOWN_REVISIONS).filter(
      (r) => KNOWN_REVISIONS[r] > KNOWN_REVISIONS[OLD] && KNOWN_REVISIONS[r] <= KNOWN_REVISIONS[NEW],
    );
    expect(dropped).toContain(NEW);
    expect(plan.errors.map((e) => e.summary)).toEqual(dropped.map(() => "Instance cannot be destroyed"));
    expect(plan.errors.map((e) => e.detail).join("\n")).toContain(`no-revision-older-than_`);
    expect(plan.errors.map((e) => e.detail).join("\n")).toContain(
      `["${NEW} (${KNOWN_REVISIONS[NEW]})"] has lifecycle.prevent_destroy set`,
    );
  });

  it("leaves a record that validate reads from the state file, offline", () => {
    const root = tempDir("upgrade-state-");
    mkdirSync(join(root, "cdktf.out"));
    copyFileSync(join(dir, "terraform.tfstate"), join(root, `terraform.${NAME}.tfstate`));
    writeWorkspace(OLD);
    const result = runTs("bin/validate.ts", ["--offline", workspaces], { CDKTF_OUTDIR: join(root, "cdktf.out") });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`is ${OLD} (2025-09-12), older than ${NEW} (2026-03-24)`);
    expect(result.stderr).toContain(
      `(Seen in the downgrade guard's record in ${join(root, `terraform.${NAME}.tfstate`)}.)`,
    );
  });
});
