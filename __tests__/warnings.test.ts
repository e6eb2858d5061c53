import { expect } from "@jest/globals";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { workspaceFindings } from "../config/load";
import { retentionChange } from "../config/rules/retention-change";
import { configChecks } from "../doctor/config";
import { retentionVerdict } from "../doctor/docker-host";
import { sessionTokenVerdict } from "../storage-kinds/aws-s3/session-token";
import { loadDeployableWorkspaces } from "../guards";
import { checkRetentionChanges } from "../guards/retention-change";
import type { S3Observations } from "../probes/s3-probe";
import { workspace } from "./helpers/workspaces";
import { tempDir } from "./helpers/temp";

/* What works today and breaks later: said at validate (stderr) and by the doctor (`!` rows), never refused. */

const TOKEN_AWS = { kind: "AwsS3", region: "eu-central-1", bucketPrefix: "acme", sessionToken: true } as const;

describe("the session token warning", () => {
  it("is said by validate and synthesis on stderr, and the workspace still loads", async () => {
    const dir = tempDir("warnings-");
    writeFileSync(join(dir, "a.json"), JSON.stringify({ name: "a", storage: TOKEN_AWS }));
    const notes: string[] = [];
    const loaded = await loadDeployableWorkspaces({
      path: dir,
      env: {},
      offline: true,
      warn: (note) => notes.push(note),
    });
    expect(loaded.map((ws) => ws.name)).toEqual(["a"]);
    expect(notes).toContainEqual(
      expect.stringMatching(
        /\ba\.json: storage\.sessionToken: is true: TF_VAR_storage_session_token is a temporary credential .* nothing renews it; once it expires .*"ExpiredToken".*\n {2}fix: .*provisionedIamUser.* \(rule session-token-expires\)$/,
      ),
    );
  });

  it("is a `!` row of the doctor, with its fix", () => {
    const [row] = configChecks(workspaceFindings(workspace({ name: "a", storage: TOKEN_AWS })).findings);
    expect(row).toMatchObject({
      check: "config: session-token-expires",
      status: "warn",
      fix: expect.stringContaining("provisionedIamUser"),
    });
  });

  it("is not said without a session token", () => {
    expect(
      workspaceFindings(workspace({ name: "a", storage: { ...TOKEN_AWS, sessionToken: false } })).findings,
    ).toEqual([]);
  });
});

describe("the doctor's session token row", () => {
  const reachable: S3Observations = {
    buckets: { "acme-files": { ok: true } },
    uploads: [],
    addressing: {},
    leftovers: [],
  };
  const now = new Date("2026-05-01T12:00:00Z");

  it("fails when the store already answers ExpiredToken", () => {
    const expired: S3Observations = {
      ...reachable,
      buckets: { "acme-files": { ok: false, code: "ExpiredToken", httpStatus: 400 } },
    };
    expect(sessionTokenVerdict(expired, {}, now)).toMatchObject({
      status: "fail",
      detail: "the store answered ExpiredToken: the token has expired",
    });
  });

  it("says when it expires, from AWS_CREDENTIAL_EXPIRATION", () => {
    expect(sessionTokenVerdict(reachable, { AWS_CREDENTIAL_EXPIRATION: "2026-05-01T15:30:00Z" }, now)).toMatchObject({
      status: "warn",
      detail: expect.stringMatching(/^expires at 2026-05-01T15:30:00.000Z, in 3 h 30 min/),
    });
    expect(sessionTokenVerdict(reachable, { AWS_CREDENTIAL_EXPIRATION: "2026-05-01T11:00:00Z" }, now)).toMatchObject({
      status: "fail",
    });
  });

  it("says it cannot tell otherwise", () => {
    expect(sessionTokenVerdict(reachable, {}, now)).toMatchObject({
      status: "warn",
      detail: expect.stringContaining("when it expires cannot be told"),
    });
  });
});

describe("a changed document retention over a deployed backend", () => {
  const ws = workspace({ name: "app" });

  it("warns when the deployed backend runs without the variable, with the way to keep it and the safe way to change it", () => {
    const [warning] = retentionChange.check(ws, { value: undefined, seenIn: "somewhere" });
    expect(warning.path).toBe("convex.knobs.DOCUMENT_RETENTION_DELAY");
    for (const fragment of [
      "the deployed backend convex-app-backend keeps old document versions for upstream's built-in default",
      "this file asks for 172800 s (2 days)",
      "https://github.com/get-convex/convex-backend/issues/358",
      "out_of_retention",
    ]) {
      expect(warning.info).toContain(fragment);
    }
    expect(warning.fix).toContain(
      "set convex.knobs.DOCUMENT_RETENTION_DELAY to the deployed image's own default, which upstream changed over time: 7776000 at 4499dd4f (2025-02-13); 7689600 from bae30366 (2025-07-29); 6912000 from 2b5dd367 (2025-07-31); 6825600 from 74d18f9d (2025-11-08); 2592000 from 02881ae0 (2025-11-17); 1209600 from f7b9e1ab (2026-04-23)",
    );
    expect(warning.fix).toContain("raise volume.generation");
  });

  it("says nothing when the deployed value is the requested one, and names the deployed value otherwise", () => {
    expect(retentionChange.check(ws, { value: "172800", seenIn: "x" })).toEqual([]);
    expect(
      retentionChange.check(workspace({ name: "app", convex: { knobs: { DOCUMENT_RETENTION_DELAY: 86400 } } }), {
        value: "172800",
        seenIn: "x",
      })[0].fix,
    ).toContain("set convex.knobs.DOCUMENT_RETENTION_DELAY to 172800");
  });

  it("reads the deployed value from the stack's state file", async () => {
    const project = tempDir("retention-");
    const outdir = join(project, "cdktf.out");
    mkdirSync(outdir);
    const state = {
      version: 4,
      resources: [
        {
          mode: "managed",
          type: "docker_container",
          name: "backend",
          instances: [
            {
              attributes: {
                name: "convex-app-backend",
                env: ["INSTANCE_NAME=convex-app", "DOCUMENT_RETENTION_DELAY=2592000"],
              },
            },
          ],
        },
      ],
    };
    writeFileSync(join(project, "terraform.app.tfstate"), JSON.stringify(state));
    const notes = await checkRetentionChanges([ws], { outdir, offline: true, env: {} });
    expect(notes).toEqual([
      expect.objectContaining({
        rule: "retention-change",
        level: "warning",
        file: "app.json",
        path: "convex.knobs.DOCUMENT_RETENTION_DELAY",
        info: expect.stringMatching(
          /^the deployed backend convex-app-backend keeps old document versions for 2592000 s \(30 days\).*\(seen in the state file .*terraform\.app\.tfstate\)/,
        ),
      }),
    ]);
    expect(
      await checkRetentionChanges(
        [workspace({ name: "app", convex: { knobs: { DOCUMENT_RETENTION_DELAY: 2592000 } } })],
        { outdir, offline: true, env: {} },
      ),
    ).toEqual([]);
  });

  it("is a `!` row of the doctor", () => {
    expect(retentionVerdict(ws, { DOCUMENT_RETENTION_DELAY: "2592000" })).toMatchObject({
      check: "docker: retention",
      status: "warn",
    });
    expect(retentionVerdict(ws, { DOCUMENT_RETENTION_DELAY: "172800" })).toMatchObject({ status: "pass" });
    expect(retentionVerdict(ws, undefined)).toMatchObject({ status: "skip" });
  });
});

describe("a revision without evidence of a published image", () => {
  const warningsOf = (version: string) =>
    workspaceFindings(workspace({ name: "a", convex: { version } })).findings.filter(
      (f) => f.rule === "revision-published",
    );

  it("says nothing for the pin, a release head known by its precompiled build (precompiled-2026-03-24-a9a760c)", () => {
    expect(warningsOf("a9a760ca10399ed42e1b4bb87c78539a235488c7")).toEqual([]);
  });

  it("warns for a revision of the release branch no evidence names (a461fb80, the commit that split the action timeouts), naming the newest release", () => {
    const [warning] = warningsOf("a461fb8068d1a0be4585f007ef98f5279c95e17a");
    expect(warning.level).toBe("warning");
    expect(warning.info).toContain("nothing shows an image was published for it");
    expect(warning.info).toContain("not named in self-hosted/CHANGELOG.md, has no release tag");
    expect(warning.info).toContain("652b828b5129e6cdbcaa3c20efa8d116d09ff3bf (2026-08-21");
  });

  it("says a revision older than the first published image (4499dd4f) is that", () => {
    const [warning] = warningsOf("0780bbe665aefde21f694f7ea7c0d8b99e80574c");
    expect(warning.info).toContain("older than the first image upstream published (4499dd4f, 2025-02-13)");
  });

  it("warns for a revision the catalogue does not hold, saying how it was made and naming the newest release", () => {
    const [warning] = warningsOf("0123456789abcdef0123456789abcdef01234567");
    expect(warning.info).toContain("a revision the catalogue of upstream revisions does not hold");
    expect(warning.info).toContain("652b828b5129e6cdbcaa3c20efa8d116d09ff3bf (2026-08-21");
    expect(warning.fix).toContain("npm run catalogue");
  });

  it("is a warning the workspace loads with, not a refusal", () => {
    const found = workspaceFindings(
      workspace({ name: "a", convex: { version: "a461fb8068d1a0be4585f007ef98f5279c95e17a" } }),
    );
    expect(found.findings.filter((f) => f.level === "error")).toEqual([]);
  });
});
