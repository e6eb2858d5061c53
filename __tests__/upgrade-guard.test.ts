import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { TerraformStack, Testing } from "cdktf";
import { KNOWN_REVISIONS } from "../constructs/domain/upstream-revisions";
import { catalogueEntry } from "../constructs/domain/upstream-catalogue";
import {
  RevisionOrder,
  compareRevisions,
  dateRevision,
  knownRevisionsReached,
} from "../constructs/domain/revision-order";
import { DATABASE_VERSIONS } from "../upgrades/upstream-migrations";
import { DowngradeGuard } from "../constructs/downgrade-guard";
import { checkDeployedRevisions } from "../guards/deployed-revisions";
import { backendRevisionsInState } from "../guards/state-revisions";
import { problemsOf, synth, workspace } from "./helpers/workspaces";
import { tempDir } from "./helpers/temp";

const NEW = "a9a760ca10399ed42e1b4bb87c78539a235488c7"; // 2026-03-24
const OLD = "4d3b0a5de955a258e70e3813bbff486051d88820"; // 2025-09-12
const UNDATED = "0123456789abcdef0123456789abcdef01234567";

describe("upstream's migrations, per revision", () => {
  it("know the database version of exactly the revisions this project dates", () => {
    expect(Object.keys(DATABASE_VERSIONS).sort()).toEqual(Object.keys(KNOWN_REVISIONS).sort());
  });

  it("go down only where upstream reverted a released migration (c3f9a5c8: 125 to 124; 52deedc3: 129 to 128)", () => {
    const byPosition = Object.keys(KNOWN_REVISIONS).sort(
      (a, b) => catalogueEntry(a)!.position - catalogueEntry(b)!.position,
    );
    const versions = byPosition.map((revision) => [revision, DATABASE_VERSIONS[revision]] as const);
    const down = versions.flatMap(([revision, version], i) => {
      const before = versions[i - 1]?.[1];
      return version !== null && before !== null && before !== undefined && version < before
        ? [revision.slice(0, 8)]
        : [];
    });
    expect(down).toEqual(["c3f9a5c8", "52deedc3"]);
    // Only the first public revisions, before the migration worker existed, have none.
    expect(
      byPosition.filter((revision) => DATABASE_VERSIONS[revision] === null).map((r) => KNOWN_REVISIONS[r]),
    ).toEqual(["2024-03-08", "2024-03-13", "2024-03-25"]);
  });
});

describe("ordering two revisions", () => {
  it.each<[string, string, string, RevisionOrder, Record<string, string>?]>([
    ["the same revision", NEW, NEW, RevisionOrder.SAME],
    ["a later known revision", OLD, NEW, RevisionOrder.NEWER],
    ["an earlier known revision", NEW, OLD, RevisionOrder.OLDER],
    ["an undated revision", NEW, UNDATED, RevisionOrder.UNKNOWN],
    ["an undated deployed revision", UNDATED, NEW, RevisionOrder.UNKNOWN],
    ["an undated revision dated by the user, later", NEW, UNDATED, RevisionOrder.NEWER, { [UNDATED]: "2026-05-01" }],
    ["an undated revision dated by the user, earlier", NEW, UNDATED, RevisionOrder.OLDER, { [UNDATED]: "2026-01-01" }],
    ["two revisions of one date", NEW, UNDATED, RevisionOrder.UNKNOWN, { [UNDATED]: "2026-03-24" }],
    ["latest over anything (it is pulled at deploy time)", UNDATED, "latest", RevisionOrder.NEWER],
    ["a pinned revision over a deployed latest (which names no revision)", "latest", NEW, RevisionOrder.UNKNOWN],
    // Both released on 2026-08-21 (precompiled-2026-08-21-b460b2c, then the release head 652b828b): their
    // positions on the linear release branch order them where their dates cannot.
    [
      "a later release of the same day, by its position on the release branch",
      "b460b2c85eee4accd05b249e064037d9786173d4",
      "652b828b5129e6cdbcaa3c20efa8d116d09ff3bf",
      RevisionOrder.NEWER,
    ],
  ])("%s", (_title, deployed, requested, order, stated = {}) => {
    expect(compareRevisions(dateRevision(deployed, stated), dateRevision(requested, stated))).toBe(order);
  });

  it("counts as reached every known revision up to a revision's date, and none for an undated one", () => {
    expect(knownRevisionsReached(dateRevision(OLD))).toEqual(
      Object.keys(KNOWN_REVISIONS)
        .filter((r) => KNOWN_REVISIONS[r] <= "2025-09-12")
        .sort((a, b) => (KNOWN_REVISIONS[a] < KNOWN_REVISIONS[b] ? -1 : 1)),
    );
    expect(knownRevisionsReached(dateRevision(OLD)).pop()).toBe(OLD);
    expect(knownRevisionsReached(dateRevision(UNDATED))).toEqual([]);
    expect(knownRevisionsReached(dateRevision(UNDATED, { [UNDATED]: "2026-05-01" }))).toHaveLength(
      Object.values(KNOWN_REVISIONS).filter((date) => date <= "2026-05-01").length,
    );
    expect(knownRevisionsReached(dateRevision("latest"))).toHaveLength(Object.keys(KNOWN_REVISIONS).length);
  });
});

describe("the downgrade guard in a workspace's stack", () => {
  const recordOf = (tf: ReturnType<typeof synth>["tf"]) => {
    const [name, record] = Object.entries(tf.resource.terraform_data).find(([n]) =>
      n.includes("no-revision-older-than"),
    )!;
    return { name, record };
  };

  it("records every known revision reached, with prevent_destroy, before the backend starts", () => {
    const { tf } = synth(workspace({ name: "app", convex: { version: OLD } }));
    const { name, record } = recordOf(tf);
    expect(Object.keys(record.for_each as object).sort()).toEqual(
      knownRevisionsReached(dateRevision(OLD))
        .map((revision) => DowngradeGuard.recordKey(revision))
        .sort(),
    );
    expect((record.for_each as Record<string, unknown>)[DowngradeGuard.recordKey(OLD)]).toEqual({
      revision: OLD,
      date: "2025-09-12",
    });
    expect(record.lifecycle).toEqual({ prevent_destroy: true });
    const backend = Object.values(tf.resource.docker_container).find((c) => c.name === "convex-app-backend")!;
    expect(backend.depends_on).toContain(`terraform_data.${name}`);
  });

  it("follows volume.protectFromDestroy, so a throw-away workspace can still be destroyed", () => {
    const { record } = recordOf(synth(workspace({ name: "app", volume: { protectFromDestroy: false } })).tf);
    expect(record.lifecycle).toEqual({ prevent_destroy: false });
  });

  it("records nothing for a revision it cannot date, and the user's date when one is stated", () => {
    expect(recordOf(synth(workspace({ name: "app", convex: { version: UNDATED } })).tf).record.for_each).toEqual({});
    const stated = recordOf(
      synth(workspace({ name: "app", convex: { version: UNDATED, revisionDates: { [UNDATED]: "2025-09-20" } } })).tf,
    ).record;
    expect(Object.keys(stated.for_each as object)).toContain(DowngradeGuard.recordKey(OLD));
    expect(Object.keys(stated.for_each as object)).not.toContain(DowngradeGuard.recordKey(NEW));
  });

  it("starts a new record with a new volume generation and releases the old one without destroying it", () => {
    const { tf } = synth(workspace({ name: "app", volume: { generation: 3 } }));
    expect(recordOf(tf).name).toMatch(/no-revision-older-than-g3_/);
    const synthesized = JSON.parse(synth(workspace({ name: "app", volume: { generation: 3 } })).json) as {
      removed: { from: string; lifecycle: unknown }[];
    };
    const removed = synthesized.removed.filter((r) => r.from.includes("no-revision-older-than"));
    expect(removed.map((r) => r.from.replace(/_[0-9A-F]{8}$/, ""))).toEqual([
      "terraform_data.convex_downgrade-guard_no-revision-older-than",
      "terraform_data.convex_downgrade-guard_no-revision-older-than-g2",
    ]);
    expect(removed.every((r) => JSON.stringify(r.lifecycle) === '{"destroy":false}')).toBe(true);
  });

  it("refuses a malformed date, naming the prop", () => {
    expect(
      () =>
        new DowngradeGuard(new TerraformStack(Testing.app(), "s"), "g", {
          revision: UNDATED,
          revisionDate: "May 2026",
        }),
    ).toThrow('revisionDate must be a commit date as YYYY-MM-DD, got "May 2026"');
  });
});

describe("the revisions a state document shows", () => {
  const state = {
    resources: [
      {
        mode: "managed",
        type: "docker_volume",
        name: "convex_data_volume_04D4F324",
        instances: [{ attributes: { name: "convex-app-data" } }],
      },
      {
        mode: "managed",
        type: "docker_image",
        name: "convex_backend_image_1A2B3C4D",
        instances: [{ attributes: { name: `ghcr.io/get-convex/convex-backend:${OLD}` } }],
      },
      {
        mode: "managed",
        type: "docker_image",
        name: "convex_dashboard_image_1A2B3C4E",
        instances: [{ attributes: { name: `ghcr.io/get-convex/convex-dashboard:${OLD}` } }],
      },
      {
        mode: "managed",
        type: "terraform_data",
        name: "convex_downgrade-guard_no-revision-older-than-g2_4381F5C5",
        instances: [
          {
            index_key: DowngradeGuard.recordKey(NEW),
            attributes: { input: { value: { revision: NEW, date: "2026-03-24" } } },
          },
        ],
      },
      {
        mode: "managed",
        type: "terraform_data",
        name: "convex_volume-guard_ledger_B08128DD",
        instances: [{ attributes: { input: { value: { revision: "no" } } } }],
      },
    ],
  };

  it("are the backend image's tag, the volumes, and the record per generation", () => {
    const read = backendRevisionsInState(state);
    expect(read.images).toEqual([OLD]);
    expect(read.volumes).toEqual(["convex-app-data"]);
    expect([...read.recorded]).toEqual([[2, [NEW]]]);
  });

  it("tolerate what is not a state document", () => {
    expect(backendRevisionsInState({ resources: [null, 3, { mode: "managed", instances: "x" }] })).toEqual({
      images: [],
      volumes: [],
      recorded: new Map(),
    });
  });
});

describe("validate's revision check, from a state file", () => {
  const project = (state: object) => {
    const root = tempDir("revisions-");
    writeFileSync(join(root, "terraform.app.tfstate"), JSON.stringify({ version: 4, ...state }));
    return { outdir: join(root, "cdktf.out"), offline: true, env: {} };
  };
  const deployedOld = {
    resources: [
      { mode: "managed", type: "docker_volume", instances: [{ attributes: { name: "convex-app-data" } }] },
      {
        mode: "managed",
        type: "docker_image",
        instances: [{ attributes: { name: `ghcr.io/get-convex/convex-backend:${OLD}` } }],
      },
    ],
  };

  it("refuses an older revision than the state's image and says where it saw it", async () => {
    const report = await checkDeployedRevisions(
      [workspace({ name: "app", convex: { version: "33cef775a8a6228cbacee4a09ac2c4073d62ed13" } })],
      project(deployedOld),
    );
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ rule: "no-downgrade", level: "error", path: "convex.version" });
    expect(report.findings[0].info).toMatch(
      /older than 4d3b0a5de955a258e70e3813bbff486051d88820 \(2025-09-12\).*\(Seen in the state file .*terraform\.app\.tfstate\.\)$/,
    );
    expect(report.findings[0].fix).toMatch(
      /^keep convex\.version at 4d3b0a5de955a258e70e3813bbff486051d88820 or a newer revision\. To really go back, restore a backup/,
    );
  });

  it("says what an upgrade involves, and nothing for the same revision or a new volume generation", async () => {
    expect(
      (await checkDeployedRevisions([workspace({ name: "app", convex: { version: NEW } })], project(deployedOld)))
        .notes,
    ).toEqual([
      expect.stringMatching(
        /^app\.json: convex\.version upgrades app from 4d3b0a5d.* \(1\) Take a fresh backup before the newer backend migrates the database: npx convex export --include-file-storage .*npx convex env list > convex-env-before-upgrade\.txt/,
      ),
    ]);
    expect(
      await checkDeployedRevisions([workspace({ name: "app", convex: { version: OLD } })], project(deployedOld)),
    ).toEqual({ findings: [], notes: [] });
    expect(
      await checkDeployedRevisions(
        [
          workspace({
            name: "app",
            convex: { version: "33cef775a8a6228cbacee4a09ac2c4073d62ed13" },
            volume: { generation: 2 },
          }),
        ],
        project(deployedOld),
      ),
    ).toEqual({
      findings: [],
      notes: [],
    });
  });

  it("refuses a newer release that migrates to a lower database version (upstream reverted migration 129), naming both", async () => {
    // c4ae6015 (released as precompiled-2026-08-17-c4ae601) is at DATABASE_VERSION 129
    // (crates/migrations_model/src/lib.rs:36 there); 52deedc3 reverted it, and 652b828b is at 128 (:36 there).
    const C4AE6015 = "c4ae6015a5387a92710953206f4726f2a2d60de3";
    const HEAD = "652b828b5129e6cdbcaa3c20efa8d116d09ff3bf";
    const deployed = {
      resources: [
        { mode: "managed", type: "docker_volume", instances: [{ attributes: { name: "convex-app-data" } }] },
        {
          mode: "managed",
          type: "docker_image",
          instances: [{ attributes: { name: `ghcr.io/get-convex/convex-backend:${C4AE6015}` } }],
        },
      ],
    };
    const report = await checkDeployedRevisions(
      [workspace({ name: "app", convex: { version: HEAD } })],
      project(deployed),
    );
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ rule: "no-downgrade", level: "error" });
    expect(report.findings[0].info).toContain(
      `newer than ${C4AE6015} (2026-08-16), which has already run on the database of this deployment, but it migrates only to database version 128, and c4ae6015 migrated the database to 129`,
    );
    expect(report.findings[0].info).toContain("persisted db metadata version is ahead at 129, this binary is at 128");
    expect(report.findings[0].fix).toContain(
      `keep convex.version at ${C4AE6015}, or a revision at database version 129 or higher`,
    );
  });

  it("names the way from the previous default a9a760ca to the default pin: migrations 124 to 128 after a fresh backup", async () => {
    const deployedPreviousDefault = {
      resources: [
        { mode: "managed", type: "docker_volume", instances: [{ attributes: { name: "convex-app-data" } }] },
        {
          mode: "managed",
          type: "docker_image",
          instances: [{ attributes: { name: `ghcr.io/get-convex/convex-backend:${NEW}` } }],
        },
      ],
    };
    const report = await checkDeployedRevisions([workspace({ name: "app" })], project(deployedPreviousDefault));
    expect(report.findings).toEqual([]);
    expect(report.notes).toHaveLength(1);
    expect(report.notes[0]).toContain(
      `upgrades app from ${NEW} (2026-03-24) to 652b828b5129e6cdbcaa3c20efa8d116d09ff3bf (2026-08-21); it migrates the database from version 124 to 128`,
    );
    expect(report.notes[0]).toContain("(1) Take a fresh backup before the newer backend migrates the database");
    expect(report.notes[0]).toContain('"Migration complete" in docker logs convex-app-backend');
  });

  it("names the snapshot sidecars in the fresh backup of a LocalPlusSync upgrade", async () => {
    const sync = {
      kind: "LocalPlusSync",
      target: { kind: "CephViaGateway", endpoint: "https://rgw.example.internal", bucket: "convex-backups" },
    };
    const [note] = (
      await checkDeployedRevisions(
        [workspace({ name: "app", convex: { version: NEW }, storage: sync })],
        project(deployedOld),
      )
    ).notes;
    expect(note).toContain(
      "take a snapshot and upload it now, without waiting for the next interval: run the labelled commands of convex-app-snapshot and then convex-app-sync",
    );
    expect(note).toContain("npm run restore -- app --dry-run lists it");
  });

  it("refuses a stated date that contradicts the known one", () => {
    expect(problemsOf({ name: "app", convex: { revisionDates: { [NEW]: "2026-03-25" } } })).toEqual([
      {
        rule: "revision-dates-agree",
        file: "ws.json",
        path: `convex.revisionDates.${NEW}`,
        level: "error",
        info: `is 2026-03-25, but this project knows ${NEW} as a revision of 2026-03-24 (constructs/domain/upstream-catalogue.ts)`,
        fix: "remove the entry: known revisions need no date",
      },
    ]);
  });

  it("takes stated dates only in the right shape", () => {
    expect(problemsOf({ name: "app", convex: { revisionDates: { [UNDATED]: "1 May 2026" } } })).toEqual([
      expect.objectContaining({ path: `convex.revisionDates.${UNDATED}` }),
    ]);
    expect(problemsOf({ name: "app", convex: { revisionDates: { abc: "2026-05-01" } } })).toEqual([
      expect.objectContaining({ path: "convex.revisionDates.abc" }),
    ]);
  });
});
