import { type VolumeFingerprint, expectedFingerprint, fingerprintFromLabels } from "../config/fingerprint";
import type { ResolvedWorkspace } from "../config/resolve";
import { type CheckResult, fail, pass } from "./check";
import { inspectVolumeLabels } from "./docker";

/** Docker host reachable, and the data volume (if any) made for this very workspace. */
export async function dockerChecks(ws: ResolvedWorkspace): Promise<CheckResult[]> {
  const host = ws.config.docker.host;
  const volume = ws.names.volume;
  const inspected = await inspectVolumeLabels(host, volume);
  if (!inspected.reachable) {
    return [
      fail(
        "docker: host",
        `${host} does not answer: ${inspected.error}`,
        `start the Docker engine there, or correct "docker": {"host": ...} in ${ws.file}`,
      ),
    ];
  }
  return [pass("docker: host", `${host} answers`), volumeVerdict(ws, inspected.labels)];
}

/** The data volume must be absent (fresh deploy) or carry exactly the fingerprint this workspace asks for. */
export function volumeVerdict(ws: ResolvedWorkspace, labels: Record<string, string> | undefined): CheckResult {
  const check = "docker: data volume";
  const volume = ws.names.volume;
  if (!labels) return pass(check, `${volume} does not exist yet: the deploy creates it (a fresh deployment)`);
  const found = fingerprintFromLabels(labels);
  if (!found) {
    return fail(
      check,
      `${volume} exists but has no convex-stack labels: it was not made by this project, and its contents are unknown`,
      `look inside it, then remove it (docker volume rm ${volume}), or bump "volume": {"generation": ${ws.config.volume.generation + 1}} in ${
        ws.file
      } to use a new volume`,
    );
  }
  const expected = expectedFingerprint(ws);
  const differences = (Object.keys(expected) as (keyof VolumeFingerprint)[]).filter((field) => found[field] !== expected[field]);
  if (differences.length === 0) return pass(check, `${volume} was made for this workspace (${found.storageMode} storage, ${found.database})`);
  return fail(
    check,
    `${volume} was made for different settings: ${differences.map((field) => explain(field, found[field], expected[field])).join("; ")}`,
    `keep the settings the volume was made with, or move the data: npx convex export --path backup.zip, then "volume": {"generation": ${
      ws.config.volume.generation + 1
    }} in ${ws.file}, deploy, npx convex import --replace-all backup.zip`,
  );
}

/** Why a changed fingerprint field breaks the deployment, in the backend's own words where it has any. */
function explain(field: keyof VolumeFingerprint, had: string, want: string): string {
  switch (field) {
    case "workspace":
      return `it belongs to workspace "${had}", not "${want}"`;
    case "instanceName":
      return `INSTANCE_NAME was "${had}", the workspace has "${want}" (it names the SQL database and the S3 key prefix: "Cannot use s3 storage path ...")`;
    case "storageMode":
      return `the database was initialized with ${had} storage and the workspace asks for ${want}: the backend refuses to boot ("Database was initialized with ..., but backend started up with ...")`;
    case "storageLocation":
      return `files are in "${had}", the workspace points at "${want}": the backend would start and then not find its files (upstream issue 55)`;
    case "database":
      return `its data is in ${had}, the workspace uses ${want}: changing the database needs an export and import`;
  }
}
