import { expect } from "@jest/globals";
import {
  catalogueEntries,
  catalogueEntry,
  contractAt,
  KNOBS,
  knobEnvironment,
  readingOf,
  s3StartOf,
} from "../constructs/domain";
import { S3_BUCKET_VARIABLES } from "../constructs/domain/buckets";
import { DEFAULT_CONVEX_VERSION } from "../constructs/domain/defaults";
import { trackedVariables } from "../constructs/domain/knob-environment";
import {
  CONTRACT_CHANGES,
  contractRows,
  describeSpans,
  revisionsReading,
} from "../constructs/domain/upstream-contract";

/* The revision table (constructs/domain/upstream-contract.ts) and what is derived from it. */

const PIN = DEFAULT_CONVEX_VERSION;
/** The previous default pin. */
const A9A760CA = "a9a760ca10399ed42e1b4bb87c78539a235488c7";
const REV_2025_09_12 = "4d3b0a5de955a258e70e3813bbff486051d88820";
const REV_2026_04_09 = "ca1f91cde3a0ea21ec2dfe4879f8999aab24e5b6";
const REV_2026_07_02 = "a461fb8068d1a0be4585f007ef98f5279c95e17a";
const REV_2026_07_18 = "2c2e0f662b0ef02779028c5a8fca2322ae1b4cce";
const UNKNOWN_REV = "0123456789abcdef0123456789abcdef01234567";
const S3_WITHOUT_KEYS = new Set(["AWS_REGION", ...S3_BUCKET_VARIABLES]);
/** Upstream compose's concurrency limits (self-hosted/docker/docker-compose.yml:15-18 at 652b828b), emitted by default. */
const CONCURRENCY = {
  APPLICATION_MAX_CONCURRENT_QUERIES: "16",
  APPLICATION_MAX_CONCURRENT_MUTATIONS: "16",
  APPLICATION_MAX_CONCURRENT_V8_ACTIONS: "16",
  APPLICATION_MAX_CONCURRENT_NODE_ACTIONS: "16",
};

describe("the revision table", () => {
  it("names only revisions the catalogue holds, in full, in the order of upstream's release branch", () => {
    const rows = contractRows();
    for (const row of rows) {
      expect([row.revision, /^[0-9a-f]{40}$/.test(row.revision)]).toEqual([row.revision, true]);
      expect([row.revision, catalogueEntry(row.revision)?.date]).toEqual([row.revision, row.date]);
    }
    expect(rows.map((row) => row.position)).toEqual(rows.map((row) => row.position).sort((a, b) => a - b));
  });

  it("every short revision a knob cites is one the catalogue holds", () => {
    const cited = KNOBS.map((k) => k.source).join(" ");
    for (const short of cited.match(/\b[0-9a-f]{8}\b/g) ?? []) {
      expect([short, catalogueEntries().filter((entry) => entry.revision.startsWith(short)).length]).toEqual([
        short,
        1,
      ]);
    }
  });

  it("finds the entrypoint's S3 requirement where upstream changed it: 161e3264 (run_backend.sh:36-43 there) and ca1f91cd (:36-41 there)", () => {
    expect(CONTRACT_CHANGES["161e32648a971fb8ef591e61212f7b9fb7ff4f2c"]).toMatchObject({
      s3Requires: ["AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", ...S3_BUCKET_VARIABLES],
      source: "self-hosted/docker-build/run_backend.sh:36-43",
    });
    expect(CONTRACT_CHANGES[REV_2026_04_09]).toMatchObject({
      s3Requires: ["AWS_REGION", ...S3_BUCKET_VARIABLES],
      source: "self-hosted/docker-build/run_backend.sh:36-41",
    });
  });

  it("says for every typed knob which revisions read it", () => {
    for (const knob of KNOBS)
      expect([knob.variable, revisionsReading(knob.variable).length > 0]).toEqual([knob.variable, true]);
  });

  it("reads the previous default a9a760ca as upstream has it there", () => {
    const contract = contractAt(A9A760CA);
    if (contract.kind !== "known") throw new Error("the pin must be dated");
    expect(contract.reads.has("ACTIONS_USER_TIMEOUT_SECS")).toBe(true);
    expect(contract.reads.has("V8_ACTION_USER_TIMEOUT_SECS")).toBe(false);
    expect(contract.reads.has("DISABLE_METRICS_ENDPOINT")).toBe(true);
    expect(contract.reads.has("AWS_S3_DISABLE_RANGE_PREFETCH")).toBe(false);
    expect(contract.s3Requires).toEqual([
      "AWS_REGION",
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
      ...S3_BUCKET_VARIABLES,
    ]);
  });

  it("reads the default pin 652b828b as upstream has it there: the new timeouts, the metrics switch, range prefetch, S3 without keys", () => {
    const contract = contractAt(PIN);
    if (contract.kind !== "known") throw new Error("the pin must be dated");
    expect(contract.reads.has("ACTIONS_USER_TIMEOUT_SECS")).toBe(false);
    expect(contract.reads.has("V8_ACTION_USER_TIMEOUT_SECS")).toBe(true);
    expect(contract.reads.has("NODE_ACTION_USER_TIMEOUT_SECS")).toBe(true);
    expect(contract.reads.has("DISABLE_METRICS_ENDPOINT")).toBe(true);
    expect(contract.reads.has("AWS_S3_DISABLE_RANGE_PREFETCH")).toBe(true);
    expect(contract.s3Requires).toEqual(["AWS_REGION", ...S3_BUCKET_VARIABLES]);
  });

  it("follows the later changes the issue names: the key check gone, the timeouts renamed, range prefetch read", () => {
    expect(contractAt(REV_2026_04_09)).toMatchObject({
      kind: "known",
      s3Requires: ["AWS_REGION", ...S3_BUCKET_VARIABLES],
    });
    const renamed = contractAt(REV_2026_07_02);
    if (renamed.kind !== "known") throw new Error("dated");
    expect([
      renamed.reads.has("ACTIONS_USER_TIMEOUT_SECS"),
      renamed.reads.has("V8_ACTION_USER_TIMEOUT_SECS"),
      renamed.reads.has("NODE_ACTION_USER_TIMEOUT_SECS"),
    ]).toEqual([false, true, true]);
    expect(readingOf(REV_2026_07_02, "AWS_S3_DISABLE_RANGE_PREFETCH").kind).toBe("not-read");
    expect(readingOf(REV_2026_07_18, "AWS_S3_DISABLE_RANGE_PREFETCH").kind).toBe("read");
  });

  it("describes the revisions reading a variable as spans of the table", () => {
    expect(describeSpans(revisionsReading("ACTIONS_USER_TIMEOUT_SECS"))).toBe(
      "revisions from 0780bbe6 (2024-03-08) until before a461fb80 (2026-07-02)",
    );
    expect(describeSpans(revisionsReading("AWS_S3_DISABLE_RANGE_PREFETCH"))).toBe(
      "revisions from 2c2e0f66 (2026-07-18) on",
    );
  });

  it.each([["latest"], [UNKNOWN_REV]])("says %s is unknown, never assumed", (version) => {
    expect(contractAt(version)).toEqual({ kind: "unknown", version });
    expect(readingOf(version, "LOG_FORMAT")).toMatchObject({
      kind: "unknown",
      why: expect.stringContaining("is unknown"),
    });
  });

  it("tracks exactly the variables some revisions do not read", () => {
    expect([...trackedVariables()].sort()).toEqual(
      [...new Set(KNOBS.map((k) => k.variable).concat("AWS_S3_DISABLE_RANGE_PREFETCH"))].sort(),
    );
  });
});

describe("the entrypoint's S3 start", () => {
  it("falls back without static keys before 2026-04-09, quoting the entrypoint", () => {
    expect(s3StartOf(A9A760CA, S3_WITHOUT_KEYS)).toMatchObject({
      kind: "falls-back",
      missing: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
      why: expect.stringContaining("Falling back to local storage."),
    });
    expect(s3StartOf(REV_2025_09_12, S3_WITHOUT_KEYS).kind).toBe("falls-back");
  });

  it("starts S3 with the keys, and without them from 2026-04-09", () => {
    expect(s3StartOf(A9A760CA, new Set([...S3_WITHOUT_KEYS, "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"])).kind).toBe(
      "s3",
    );
    expect(s3StartOf(PIN, S3_WITHOUT_KEYS).kind).toBe("s3");
    expect(s3StartOf(REV_2026_04_09, S3_WITHOUT_KEYS).kind).toBe("s3");
  });

  it("cannot tell for an undated revision without keys", () => {
    expect(s3StartOf(UNKNOWN_REV, S3_WITHOUT_KEYS)).toMatchObject({
      kind: "unknown",
      why: expect.stringContaining("is unknown"),
    });
  });
});

describe("knob environment", () => {
  it("emits upstream compose's safe defaults where the revision reads them", () => {
    expect(knobEnvironment(PIN)).toEqual({
      ...CONCURRENCY,
      DISABLE_METRICS_ENDPOINT: "true",
      DOCUMENT_RETENTION_DELAY: "172800",
    });
  });

  it("leaves out a default the revision does not read (DISABLE_METRICS_ENDPOINT before 2026-03-05)", () => {
    expect(knobEnvironment(REV_2025_09_12)).toEqual({ ...CONCURRENCY, DOCUMENT_RETENTION_DELAY: "172800" });
  });

  it("emits the defaults on an undated revision: unread they are ignored, missing they would expose /metrics", () => {
    expect(knobEnvironment(UNKNOWN_REV)).toEqual({
      ...CONCURRENCY,
      DISABLE_METRICS_ENDPOINT: "true",
      DOCUMENT_RETENTION_DELAY: "172800",
    });
  });

  it("writes each knob in the form its variable parses", () => {
    expect(
      knobEnvironment(A9A760CA, {
        disableMetricsEndpoint: false,
        noColor: true,
        actionsUserTimeoutSecs: 900,
        logFormat: "json" as never,
        rustBacktrace: "full" as never,
      }),
    ).toEqual({
      ...CONCURRENCY,
      DISABLE_METRICS_ENDPOINT: "false",
      DOCUMENT_RETENTION_DELAY: "172800",
      NO_COLOR: "1",
      ACTIONS_USER_TIMEOUT_SECS: "900",
      LOG_FORMAT: "json",
      RUST_BACKTRACE: "full",
    });
    // A presence switch that is off is absent: any value, even "false", would turn colours off.
    expect(knobEnvironment(PIN, { noColor: false })).not.toHaveProperty("NO_COLOR");
  });
});
