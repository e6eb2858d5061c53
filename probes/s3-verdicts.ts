import { STATUS_CODES } from "node:http";
import type { Reading } from "../constructs/domain";
import type { BucketPurpose, Buckets } from "../constructs/domain";
import { type CheckResult, fail, pass, skip, warn } from "./check";
import type { Addressing, Outcome, S3Observations, UploadObservation, UploadShape } from "./s3-probe";

/** The S3 settings of a workspace whose backend keeps its files in S3, as its file has them (defaults applied). */
export interface BackendS3Settings {
  /** Workspace file, named in fixes. */
  readonly file: string;
  /** The store is an S3-compatible gateway (its endpoint is storage.endpoint), not AWS S3. */
  readonly gateway: boolean;
  readonly serverSideEncryption: boolean;
  readonly checksums: boolean;
  readonly rangePrefetch: boolean;
  /** Whether the workspace's revision reads AWS_S3_DISABLE_RANGE_PREFETCH (constructs/domain readingOf). */
  readonly rangePrefetchReading: Reading;
  readonly provisionBuckets: boolean;
  /** Addressing the backend uses: path-style on a gateway (AWS_S3_FORCE_PATH_STYLE=true), virtual-host on AWS S3. */
  readonly addressing: Addressing;
  /** The five buckets, by purpose. */
  readonly buckets: Buckets;
}

/**
 * The three shapes the backend's uploads take: its defaults (SSE and checksums on), SSE off, both off; in the
 * order a store is tried, from the defaults down.
 */
export const BACKEND_SHAPES: readonly UploadShape[] = [
  { sse: true, checksums: true },
  { sse: false, checksums: true },
  { sse: false, checksums: false },
];

const SSE_HEADER = "x-amz-server-side-encryption";

/** A setting a store forces one way, or leaves free ("either"), or that could not be measured. */
type Need = { readonly value: boolean | "either"; readonly because: string } | undefined;

/** Turns what an S3 store answered into one verdict per check, naming the setting the workspace needs. */
export function backendS3Verdicts(settings: BackendS3Settings, observations: S3Observations): CheckResult[] {
  const results: CheckResult[] = [];
  if (observations.unreachable) {
    return [
      fail(
        "storage: endpoint",
        `no answer: ${observations.unreachable.message ?? observations.unreachable.code}`,
        settings.gateway
          ? "start the gateway, or correct storage.endpoint (the URL the backend container uses must also work from here)"
          : "check the network path to AWS S3 and the credentials source",
      ),
    ];
  }
  results.push(bucketVerdict(settings, observations));
  const uploads = observations.uploads;
  if (uploads.length === 0) {
    const why = observations.probeBucket?.created
      ? `could not create a temporary bucket to measure in (${describe(observations.probeBucket.created)})`
      : `the files bucket ${settings.buckets.files} could not be reached (see storage: buckets)`;
    for (const name of ["uploads", "serverSideEncryption", "checksums", "rangePrefetch"])
      results.push(skip(`storage: ${name}`, `not measured: ${why}`));
  } else {
    results.push(uploadsVerdict(uploads, observations.probeBucket));
    results.push(settingVerdict(settings, "serverSideEncryption", sseNeed(uploads)));
    results.push(settingVerdict(settings, "checksums", checksumsNeed(uploads)));
    results.push(rangePrefetchVerdict(settings, rangeNeed(observations)));
  }
  results.push(addressingVerdict("storage", settings.addressing, observations, settings.gateway));
  results.push(cleanUpVerdict("storage", observations));
  return results;
}

function bucketVerdict(settings: BackendS3Settings, observations: S3Observations): CheckResult {
  const entries = (Object.entries(settings.buckets) as [BucketPurpose, string][]).map(([purpose, name]) => ({
    purpose,
    name,
    outcome: observations.buckets[name],
  }));
  const missing = entries.filter((e) => !e.outcome?.ok && e.outcome?.httpStatus === 404);
  const refused = entries.filter((e) => !e.outcome?.ok && e.outcome?.httpStatus !== 404);
  if (observations.misreadBucket)
    return misreadVerdict("storage: buckets", observations.misreadBucket, settings.gateway);
  const list = (es: typeof entries) => es.map((e) => `${e.name} (${describe(e.outcome)})`).join(", ");
  if (refused.length > 0) {
    return fail(
      "storage: buckets",
      `HeadBucket was refused: ${list(refused)}`,
      "give TF_VAR_storage_access_key_id / TF_VAR_storage_secret_access_key read and write access to all five buckets (403: wrong keys or no permission)",
    );
  }
  if (missing.length > 0 && !settings.provisionBuckets) {
    return fail(
      "storage: buckets",
      `missing: ${missing.map((e) => `${e.name} (${e.purpose})`).join(", ")}; without all five the backend silently falls back to local storage`,
      `create them on the store, or set "provisionBuckets": true in "storage" of ${settings.file} to have the deploy create them`,
    );
  }
  if (missing.length > 0) {
    return pass(
      "storage: buckets",
      `${missing.length} of 5 do not exist yet: the deploy creates them (provisionBuckets)`,
    );
  }
  if (settings.provisionBuckets) {
    return warn(
      "storage: buckets",
      `all five already exist, but provisionBuckets would create them again`,
      `import them into the Terraform state, or set "provisionBuckets": false in "storage" of ${settings.file}`,
    );
  }
  return pass("storage: buckets", `all five exist: ${entries.map((e) => e.name).join(", ")}`);
}

function uploadsVerdict(uploads: readonly UploadObservation[], bucket: S3Observations["probeBucket"]): CheckResult {
  const where = bucket?.temporary ? ` (in the temporary bucket ${bucket.name})` : bucket ? ` to ${bucket.name}` : "";
  const summary = uploads.map((u) => `${shapeLabel(u.shape)}: ${uploadSummary(u)}`).join("; ");
  if (uploads.some(accepted)) return pass("storage: uploads", `multipart upload${where}: ${summary}`);
  return fail(
    "storage: uploads",
    `every multipart upload shape the backend can send was refused${where}: ${summary}`,
    "give the storage credentials s3:PutObject / multipart permissions on the files bucket, then run the doctor again",
  );
}

function sseNeed(uploads: readonly UploadObservation[]): Need {
  const [withSse, ...withoutSse] = [find(uploads, true, true), find(uploads, false, true), find(uploads, false, false)];
  if (!withSse) return undefined;
  const plainCreated = withoutSse.filter((u): u is UploadObservation => u !== undefined).find((u) => u.create.ok);
  if (!withSse.create.ok && plainCreated) {
    return { value: false, because: `the endpoint answered ${describe(withSse.create)} to ${SSE_HEADER}` };
  }
  if (withSse.create.ok && !plainCreated) {
    const refusal = withoutSse.find((u) => u && !u.create.ok)?.create;
    return {
      value: true,
      because: `the endpoint refuses uploads without ${SSE_HEADER}${refusal ? ` (${describe(refusal)})` : ""}`,
    };
  }
  if (withSse.create.ok)
    return { value: "either", because: `the endpoint accepts uploads with and without ${SSE_HEADER}` };
  return undefined;
}

function checksumsNeed(uploads: readonly UploadObservation[]): Need {
  const plain = find(uploads, false, false);
  // The CRC32 evidence comes from the upload without SSE, so an SSE refusal does not hide it.
  const crc =
    [find(uploads, false, true), find(uploads, true, true)].find((u) => u?.create.ok) ?? find(uploads, false, true);
  if (!crc) return undefined;
  if (!crc.create.ok) {
    return plain?.create.ok
      ? { value: false, because: `the endpoint answered ${describe(crc.create)} to x-amz-checksum-algorithm: CRC32` }
      : undefined;
  }
  if (!crc.part) return undefined;
  if (!crc.part.ok) {
    return plain?.part?.ok
      ? { value: false, because: `UploadPart with a CRC32 answered ${describe(crc.part)}` }
      : undefined;
  }
  if (!crc.part.partCrc32) {
    return {
      value: false,
      because: `UploadPart answered without x-amz-checksum-crc32 (the backend then fails: "Object part missing hash! Expected crc32")`,
    };
  }
  if (crc.complete && !crc.complete.ok && plain?.complete?.ok) {
    return { value: false, because: `CompleteMultipartUpload with CRC32 answered ${describe(crc.complete)}` };
  }
  return { value: "either", because: "parts come back with their CRC32" };
}

function rangeNeed(observations: S3Observations): Need {
  const get = observations.rangedGet;
  if (!get) return undefined;
  if (!get.ok) return { value: false, because: `a ranged GET (Range: bytes=0-9) answered ${describe(get)}` };
  if (!get.contentRange)
    return { value: false, because: "a ranged GET (Range: bytes=0-9) came back without Content-Range" };
  return { value: "either", because: `a ranged GET answered Content-Range: ${get.contentRange}` };
}

/**
 * rangePrefetch only means something to a revision that reads AWS_S3_DISABLE_RANGE_PREFETCH (from
 * 2026-07-18): before it the backend asks for an object's size first and never reads Content-Range, so
 * the doctor never recommends the switch there, and says so when the revision cannot be dated.
 */
function rangePrefetchVerdict(settings: BackendS3Settings, need: Need): CheckResult {
  const reading = settings.rangePrefetchReading;
  if (reading.kind === "read") return settingVerdict(settings, "rangePrefetch", need);
  const name = "storage: rangePrefetch";
  const measured = need ? `; the store: ${need.because}` : "";
  // Rule range-prefetch-read-by-revision refuses that file (its config row says what to change).
  if (!settings.rangePrefetch) return skip(name, `not compared with the file: ${reading.why}${measured}`);
  if (reading.kind === "not-read" || need?.value !== false)
    return pass(name, `nothing to set: ${reading.why}${measured}`);
  return warn(
    name,
    `the store omits what a ranged GET needs (${need.because}), and ${reading.why}`,
    "pin a dated revision: from 2026-07-18 on it needs rangePrefetch false with this store, before that nothing",
  );
}

type Setting = "serverSideEncryption" | "checksums" | "rangePrefetch";

function settingVerdict(settings: BackendS3Settings, setting: Setting, need: Need): CheckResult {
  const name = `storage: ${setting}`;
  const has = settings[setting];
  if (!need) return skip(name, "not measured: the uploads it depends on failed (see storage: uploads)");
  const fileHas = `the workspace file has ${has} (storage.${setting})`;
  if (need.value === "either") return pass(name, `true or false both work here: ${need.because}; ${fileHas}`);
  const detail = `${setting} must be ${need.value} here: ${need.because}; ${fileHas}`;
  if (need.value === has) return pass(name, detail);
  return fail(name, detail, `set "${setting}": ${need.value} in "storage" of ${settings.file}`);
}

const STYLE_LABEL: Record<Addressing, string> = { pathStyle: "path-style", virtualHost: "virtual-host" };

/** The addressing style the deployed client uses must work; the other one is reported for information. */
function addressingVerdict(
  prefix: string,
  used: Addressing,
  observations: S3Observations,
  gateway: boolean,
): CheckResult {
  const name = `${prefix}: addressing`;
  const other: Addressing = used === "pathStyle" ? "virtualHost" : "pathStyle";
  const seen = (style: Addressing): string => {
    const o = observations.addressing[style];
    if (!o) return "not measured";
    if (o.sentAs !== style) return "not available (the SDK sends path-style to an IP-address endpoint)";
    if (!o.ok && o.httpStatus === undefined) return `not available (${o.code})`;
    return o.ok ? "works" : `fails (${describe(o)})`;
  };
  const usedObservation = observations.addressing[used];
  if (!usedObservation) return skip(name, "not measured");
  const detail = `${STYLE_LABEL[used]} (what the backend sends): ${seen(used)}; ${STYLE_LABEL[other]}: ${seen(other)}`;
  if (usedObservation.ok && usedObservation.sentAs === used) return pass(name, detail);
  const bucketMissing = usedObservation.httpStatus === 404 && !observations.probeBucket && !observations.misreadBucket;
  if (bucketMissing) return skip(name, `not measured: the bucket is missing (${detail})`);
  return fail(
    name,
    detail,
    gateway
      ? "CephViaGateway always sends path-style requests (AWS_S3_FORCE_PATH_STYLE=true): make the gateway accept them, e.g. use in the endpoint the host name it is configured for (RGW: rgw_dns_name)"
      : "AwsS3 sends virtual-host requests: for a store that needs path-style use kind CephViaGateway with its endpoint",
  );
}

/** The store looked for a bucket named like the endpoint's host: it does not know that host name. */
function misreadVerdict(check: string, misread: string, gateway: boolean): CheckResult {
  return fail(
    check,
    `the store answered NoSuchBucket for a bucket named "${misread}": it reads the endpoint's host name as a virtual-host bucket name, so no path-style request reaches any bucket`,
    gateway
      ? "use in the endpoint the host name the gateway is configured for, or add this one to it (RGW: rgw_dns_name or the zonegroup's hostnames)"
      : "check the endpoint: the store does not recognise its host name",
  );
}

function cleanUpVerdict(prefix: string, observations: S3Observations): CheckResult {
  if (observations.leftovers.length > 0) {
    return warn(
      `${prefix}: clean-up`,
      `could not remove: ${observations.leftovers.join(", ")}`,
      "remove these by hand",
    );
  }
  return pass(`${prefix}: clean-up`, "everything the doctor created was removed");
}

function find(uploads: readonly UploadObservation[], sse: boolean, checksums: boolean): UploadObservation | undefined {
  return uploads.find((u) => u.shape.sse === sse && u.shape.checksums === checksums);
}

function accepted(upload: UploadObservation): boolean {
  return upload.create.ok && Boolean(upload.part?.ok) && Boolean(upload.complete?.ok);
}

function shapeLabel(shape: UploadShape): string {
  return `${shape.sse ? "SSE AES256" : "no SSE"} + ${shape.checksums ? "CRC32" : "no checksums"}`;
}

function uploadSummary(upload: UploadObservation): string {
  if (!upload.create.ok) return `create refused: ${describe(upload.create)}`;
  if (!upload.part?.ok) return `part refused: ${describe(upload.part!)}`;
  const crc = upload.shape.checksums ? (upload.part.partCrc32 ? ", part has CRC32" : ", part WITHOUT CRC32") : "";
  if (!upload.complete?.ok) return `complete refused: ${describe(upload.complete!)}${crc}`;
  return `ok${crc}`;
}

/** "HTTP 400 InvalidRequest", "HTTP 404 NotFound", "ECONNREFUSED". */
function describe(outcome: Outcome): string {
  if (outcome.ok) return "ok";
  // Answers to HEAD have no body, so the SDK cannot name the error: use the HTTP reason instead.
  const code = outcome.code && outcome.code !== "Unknown" ? outcome.code : undefined;
  if (outcome.httpStatus !== undefined)
    return `HTTP ${outcome.httpStatus} ${code ?? STATUS_CODES[outcome.httpStatus] ?? "error"}`;
  return code ?? outcome.message ?? "an error";
}

/** The LocalPlusSync target: rclone copies the storage folder there with plain uploads (no SSE, no checksum headers). */
export function syncTargetVerdicts(
  target: { readonly bucket: string; readonly addressing: Addressing; readonly gateway: boolean },
  observations: S3Observations,
): CheckResult[] {
  if (observations.unreachable) {
    return [
      fail(
        "sync target: endpoint",
        `no answer: ${observations.unreachable.message ?? observations.unreachable.code}`,
        "start the store, or correct storage.target.endpoint",
      ),
    ];
  }
  const results: CheckResult[] = [];
  const bucket = observations.buckets[target.bucket];
  if (observations.misreadBucket)
    results.push(misreadVerdict("sync target: bucket", observations.misreadBucket, target.gateway));
  else if (bucket?.ok) results.push(pass("sync target: bucket", `${target.bucket} exists`));
  else if (bucket?.httpStatus === 404) {
    results.push(
      fail(
        "sync target: bucket",
        `${target.bucket} does not exist`,
        `create bucket ${target.bucket} on the store, or correct storage.target.bucket`,
      ),
    );
  } else {
    results.push(
      fail(
        "sync target: bucket",
        `HeadBucket ${target.bucket} was refused: ${bucket ? describe(bucket) : "not measured"}`,
        "give TF_VAR_sync_access_key_id / TF_VAR_sync_secret_access_key read and write access to the bucket (403: wrong keys or no permission)",
      ),
    );
  }
  const upload = observations.uploads[0];
  if (!upload) results.push(skip("sync target: uploads", "not measured: no bucket to upload to"));
  else if (accepted(upload))
    results.push(
      pass("sync target: uploads", `multipart upload ${shapeLabel(upload.shape)}: ${uploadSummary(upload)}`),
    );
  else {
    results.push(
      fail(
        "sync target: uploads",
        `multipart upload ${shapeLabel(upload.shape)}: ${uploadSummary(upload)}`,
        "give the sync credentials s3:PutObject / multipart permissions on the bucket",
      ),
    );
  }
  results.push(addressingVerdict("sync target", target.addressing, observations, target.gateway));
  results.push(cleanUpVerdict("sync target", observations));
  return results;
}
