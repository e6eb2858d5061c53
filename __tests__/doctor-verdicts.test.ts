import { expect } from "@jest/globals";
import { workspaceFindings } from "../config/load";
import { formatJson, formatTable } from "../doctor";
import { configChecks } from "../doctor/config";
import type { CheckResult } from "../probes/check";
import { volumeVerdict } from "../doctor/docker-host";
import type { Outcome, S3Observations, UploadObservation } from "../probes/s3-probe";
import { entrypointVerdict } from "../storage-kinds/aws-s3/doctor";
import { type BackendS3Settings, backendS3Verdicts } from "../probes/s3-verdicts";
import { workspaceIgnoringRules } from "./helpers/workspaces";

/* The verdict logic on answers a real RGW does not give (AWS, MinIO, strict bucket policies). The RGW's own answers are in integration/doctor-rgw. */

const ok: Outcome = { ok: true };
const refused = (code: string, httpStatus: number): Outcome => ({ ok: false, code, httpStatus });
const buckets = {
  exports: "b-exports",
  snapshotImports: "b-snapshot-imports",
  modules: "b-modules",
  files: "b-files",
  search: "b-search",
};

function upload(sse: boolean, checksums: boolean, result: Partial<UploadObservation> = {}): UploadObservation {
  return { shape: { sse, checksums }, create: ok, part: { ok: true, partCrc32: checksums }, complete: ok, ...result };
}

/** What AWS S3 answers: every shape accepted, parts with CRC32, Content-Range, both addressing styles. */
function awsLike(overrides: Partial<S3Observations> = {}): S3Observations {
  return {
    buckets: Object.fromEntries(Object.values(buckets).map((b) => [b, ok])),
    probeBucket: { name: buckets.files, temporary: false },
    uploads: [upload(true, true), upload(false, true), upload(false, false)],
    rangedGet: { ok: true, contentRange: "bytes 0-9/2528" },
    addressing: { pathStyle: { ok: true, sentAs: "pathStyle" }, virtualHost: { ok: true, sentAs: "virtualHost" } },
    leftovers: [],
    ...overrides,
  };
}

function settings(overrides: Partial<BackendS3Settings> = {}): BackendS3Settings {
  return {
    file: "ws.json",
    gateway: false,
    serverSideEncryption: true,
    checksums: true,
    rangePrefetch: true,
    rangePrefetchReading: { kind: "read" },
    provisionBuckets: false,
    addressing: "virtualHost",
    buckets,
    ...overrides,
  };
}

const verdict = (results: CheckResult[], name: string) => results.find((r) => r.check === `storage: ${name}`)!;

describe("S3 verdicts", () => {
  it("leaves every setting free on a store that accepts every shape (AWS S3)", () => {
    const results = backendS3Verdicts(settings(), awsLike());
    expect(results.filter((r) => r.status !== "pass")).toEqual([]);
    expect(verdict(results, "serverSideEncryption").detail).toBe(
      "true or false both work here: the endpoint accepts uploads with and without x-amz-server-side-encryption; the workspace file has true (storage.serverSideEncryption)",
    );
  });

  it("requires SSE on a store whose policy refuses unencrypted uploads", () => {
    const observations = awsLike({
      uploads: [
        upload(true, true),
        upload(false, true, { create: refused("AccessDenied", 403) }),
        upload(false, false, { create: refused("AccessDenied", 403) }),
      ],
    });
    expect(
      verdict(backendS3Verdicts(settings({ serverSideEncryption: false }), observations), "serverSideEncryption"),
    ).toEqual({
      check: "storage: serverSideEncryption",
      status: "fail",
      detail:
        "serverSideEncryption must be true here: the endpoint refuses uploads without x-amz-server-side-encryption (HTTP 403 AccessDenied); the workspace file has false (storage.serverSideEncryption)",
      fix: 'set "serverSideEncryption": true in "storage" of ws.json',
    });
  });

  it("turns SSE off for MinIO without KMS (NotImplemented)", () => {
    const observations = awsLike({
      uploads: [
        upload(true, true, { create: refused("NotImplemented", 501) }),
        upload(false, true),
        upload(false, false),
      ],
    });
    expect(
      verdict(
        backendS3Verdicts(settings({ gateway: true, addressing: "pathStyle" }), observations),
        "serverSideEncryption",
      ),
    ).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(
        /^serverSideEncryption must be false here: the endpoint answered HTTP 501 NotImplemented to x-amz-server-side-encryption/,
      ),
    });
  });

  it("turns checksums off when the store refuses the checksum algorithm, and when complete refuses CRC32", () => {
    const atCreate = awsLike({
      uploads: [
        upload(true, true, { create: refused("InvalidArgument", 400) }),
        upload(false, true, { create: refused("InvalidArgument", 400) }),
        upload(false, false),
      ],
    });
    expect(verdict(backendS3Verdicts(settings(), atCreate), "checksums")).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(
        /^checksums must be false here: the endpoint answered HTTP 400 InvalidArgument to x-amz-checksum-algorithm: CRC32/,
      ),
    });
    const atComplete = awsLike({
      uploads: [
        upload(true, true),
        upload(false, true, { complete: refused("InvalidPart", 400) }),
        upload(false, false),
      ],
    });
    expect(verdict(backendS3Verdicts(settings(), atComplete), "checksums").detail).toMatch(
      /CompleteMultipartUpload with CRC32 answered HTTP 400 InvalidPart/,
    );
  });

  it("turns rangePrefetch off when a ranged GET comes back without Content-Range", () => {
    const results = backendS3Verdicts(settings(), awsLike({ rangedGet: { ok: true } }));
    expect(verdict(results, "rangePrefetch")).toEqual({
      check: "storage: rangePrefetch",
      status: "fail",
      detail:
        "rangePrefetch must be false here: a ranged GET (Range: bytes=0-9) came back without Content-Range; the workspace file has true (storage.rangePrefetch)",
      fix: 'set "rangePrefetch": false in "storage" of ws.json',
    });
    expect(
      verdict(
        backendS3Verdicts(settings({ rangePrefetch: false }), awsLike({ rangedGet: { ok: true } })),
        "rangePrefetch",
      ).status,
    ).toBe("pass");
  });

  it("fails uploads and measures no setting when every shape is refused", () => {
    const denied = upload(false, false, { create: refused("AccessDenied", 403), part: undefined, complete: undefined });
    const results = backendS3Verdicts(
      settings(),
      awsLike({
        uploads: [
          { ...denied, shape: { sse: true, checksums: true } },
          { ...denied, shape: { sse: false, checksums: true } },
          denied,
        ],
      }),
    );
    expect(verdict(results, "uploads").status).toBe("fail");
    for (const name of ["serverSideEncryption", "checksums"]) expect(verdict(results, name).status).toBe("skip");
  });

  it("fails the addressing the backend uses when only the other one works", () => {
    const observations = awsLike({
      addressing: {
        pathStyle: { ok: true, sentAs: "pathStyle" },
        virtualHost: { ok: false, code: "ENOTFOUND", sentAs: "virtualHost" },
      },
    });
    expect(verdict(backendS3Verdicts(settings(), observations), "addressing")).toMatchObject({
      status: "fail",
      detail: "virtual-host (what the backend sends): not available (ENOTFOUND); path-style: works",
      fix: expect.stringContaining("use kind CephViaGateway"),
    });
  });

  it("warns about what the clean-up could not remove", () => {
    const results = backendS3Verdicts(
      settings(),
      awsLike({ leftovers: ["s3://b-files/convex-stack-doctor/x/no-sse-no-checksums (AccessDenied)"] }),
    );
    expect(verdict(results, "clean-up")).toMatchObject({
      status: "warn",
      detail: expect.stringContaining("s3://b-files/convex-stack-doctor/x"),
    });
  });
});

describe("doctor output", () => {
  const report = {
    workspace: "w",
    file: "w.json",
    ok: false,
    checks: [
      { check: "storage: checksums", status: "fail" as const, detail: "must be false", fix: 'set "checksums": false' },
      { check: "backend url", status: "warn" as const, detail: "not deployed yet" },
      { check: "database", status: "skip" as const, detail: "sqlite" },
      { check: "docker: host", status: "pass" as const, detail: "answers" },
    ],
  };

  it("prints one row per check with its mark, and the fix under each cross", () => {
    expect(formatTable(report)).toBe(
      [
        'convex-stack doctor: workspace "w" (w.json)',
        "",
        "✘ storage: checksums  must be false",
        '                      fix: set "checksums": false',
        "! backend url         not deployed yet",
        "- database            sqlite",
        "✔ docker: host        answers",
        "",
        "FAIL: 1 check would break the deploy (1 warning); fix what is marked ✘.",
        "",
      ].join("\n"),
    );
  });

  it("gives CI an array of {check, status, detail, fix?}", () => {
    expect(JSON.parse(formatJson(report))).toEqual(report.checks);
  });
});

describe("doctor: what the rules say about the file", () => {
  const ceph = {
    kind: "CephViaGateway",
    endpoint: "http://rgw.example.internal:7480",
    bucketPrefix: "convex",
  } as const;

  it("makes each finding a failing config row, printed from its fields: the field and info, then the fix", () => {
    const ws = workspaceIgnoringRules({
      name: "a",
      storage: { ...ceph, checksums: true },
      convex: { version: "latest" },
    });
    expect(configChecks(workspaceFindings(ws, {}).findings)).toEqual([
      // The general rules first, then the storage kind's.
      {
        check: "config: pinned-version",
        status: "fail",
        detail: expect.stringMatching(/^convex\.version "latest" is not a pinned revision: .* no way back$/),
        fix: expect.stringMatching(
          /^pin a full 40-character upstream revision .*acknowledge rule pinned-version, with a reason, to accept that$/,
        ),
      },
      {
        check: "config: gateway-checksums-off",
        status: "fail",
        detail:
          'storage.checksums is true with CephViaGateway: the backend would ask for CRC32 on each uploaded part and require it in the answer, which RGW does not send, so every upload fails with "Object part missing hash! Expected crc32"',
        fix: "remove the field (CephViaGateway's default false emits AWS_S3_DISABLE_CHECKSUMS=true)",
      },
    ]);
  });

  it("makes a warning a `!` row and names a finding about the whole file as such", () => {
    const rows = configChecks([
      { rule: "some-rule", file: "ws.json", path: "", level: "warning", info: "is odd", fix: "make it even" },
    ]);
    expect(rows).toEqual([{ check: "config: some-rule", status: "warn", detail: "is odd", fix: "make it even" }]);
  });

  it("leaves the database URL to the database family, which checks the same variable live", () => {
    const ws = workspaceIgnoringRules({ name: "a", database: { kind: "postgres" } });
    const { findings } = workspaceFindings(ws, { TF_VAR_database_url: "postgres://db.example.com/app" });
    expect(findings.map((f) => f.rule)).toEqual(["database-url", "database-url"]);
    expect(configChecks(findings)).toEqual([]);
  });
});

describe("doctor: what the revision reads", () => {
  const noContentRange = awsLike({ rangedGet: { ok: true } });

  it("never recommends rangePrefetch false on a revision that does not read the switch", () => {
    const notRead = {
      kind: "not-read" as const,
      why: "a9a760ca (2026-03-24) does not read AWS_S3_DISABLE_RANGE_PREFETCH",
    };
    const row = verdict(
      backendS3Verdicts(settings({ rangePrefetchReading: notRead }), noContentRange),
      "rangePrefetch",
    );
    expect(row).toMatchObject({
      status: "pass",
      detail: expect.stringMatching(
        /^nothing to set: a9a760ca .* does not read AWS_S3_DISABLE_RANGE_PREFETCH; the store: a ranged GET .* without Content-Range$/,
      ),
    });
    expect(JSON.stringify(row)).not.toMatch(/rangePrefetch": false/);
    // The same store on a revision that reads it: the switch is what it needs.
    expect(verdict(backendS3Verdicts(settings(), noContentRange), "rangePrefetch")).toMatchObject({
      status: "fail",
      fix: 'set "rangePrefetch": false in "storage" of ws.json',
    });
  });

  it("says an undated revision is unknown instead of recommending", () => {
    const unknown = {
      kind: "unknown" as const,
      why: 'whether revision "latest" reads AWS_S3_DISABLE_RANGE_PREFETCH is unknown',
    };
    expect(
      verdict(backendS3Verdicts(settings({ rangePrefetchReading: unknown }), noContentRange), "rangePrefetch"),
    ).toMatchObject({
      status: "warn",
      fix: expect.stringContaining("pin a dated revision"),
    });
  });

  it("fails the default chain where the entrypoint falls back to local storage", () => {
    const aws = {
      kind: "AwsS3",
      region: "eu-central-1",
      bucketPrefix: "acme",
      credentials: "sdkDefaultChain",
    } as const;
    // The previous default pin: its entrypoint needs the static keys (run_backend.sh:34-53 at a9a760ca).
    const ws = workspaceIgnoringRules({
      name: "a",
      storage: aws,
      convex: { version: "a9a760ca10399ed42e1b4bb87c78539a235488c7" },
    });
    expect(entrypointVerdict(ws, ws.config.storage as never)).toMatchObject({
      check: "storage: credentials",
      status: "fail",
      detail: expect.stringContaining("Falling back to local storage."),
    });
    const later = workspaceIgnoringRules({
      name: "a",
      storage: aws,
      convex: { version: "ca1f91cde3a0ea21ec2dfe4879f8999aab24e5b6" },
    });
    expect(entrypointVerdict(later, later.config.storage as never)).toBeUndefined();
  });
});

describe("doctor: a data volume with only some of its labels", () => {
  const ws = workspaceIgnoringRules({ name: "app" });

  it("fails a volume whose labels agree as far as they go, naming the labels it lacks", () => {
    const check = volumeVerdict(ws, { "convex-stack.storage-mode": "local", "convex-stack.database": "sqlite" });
    expect(check.status).toBe("fail");
    expect(check.detail).toContain(
      "lacks the label(s) convex-stack.workspace, convex-stack.instance-name, convex-stack.storage-location",
    );
  });

  it("fails the change the labels it has do show", () => {
    const check = volumeVerdict(
      workspaceIgnoringRules({ name: "app", storage: { kind: "AwsS3", region: "eu-central-1", bucketPrefix: "app" } }),
      { "convex-stack.storage-mode": "local" },
    );
    expect(check.status).toBe("fail");
    expect(check.detail).toContain('storage.kind asks for storage mode "s3", the volume was created with "local"');
  });
});
