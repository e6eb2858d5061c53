import { Container } from "@cdktf/provider-docker/lib/container";
import type { Volume } from "@cdktf/provider-docker/lib/volume";
import type { Precondition } from "cdktf";
import { Construct } from "constructs";
import { addPreconditions, checkString } from "../checks";
import { BUCKET_NAME_FORMAT } from "../domain/buckets";
import { DEFAULT_GATEWAY_REGION, DEFAULT_SYNC_INTERVAL_MINUTES, SYNC_IMAGE } from "../domain/defaults";
import { InvalidPropsError } from "../domain/errors";
import { defaultSyncPrefix } from "../domain/names";
import { GATEWAY_REGION_FORMAT, HTTP_URL_FORMAT, SYNC_PREFIX_FORMAT } from "../domain/patterns";
import { SNAPSHOTS_FOLDER, SNAPSHOT_CHECKSUMS, SYNC_COMMAND_LABEL } from "../domain/snapshots";
import { ConvexDataVolume } from "../data-volume";
import { type Environment, toDockerEnv } from "../environment";
import { pinnedImage } from "../images";
import type { ConvexNetwork } from "../network";
import { assertSecretReference } from "../secret";
import type { S3Credentials } from "./s3-environment";
import { SNAPSHOTS_READY, SNAPSHOT_SCRATCH, STORAGE_FOLDER, assertKeepSnapshots } from "./database-snapshots";
import { recordingLastRun } from "./last-run";
import { checkSyncInterval, repeatEvery } from "./repeat-every";

/** Where the copy goes: a bucket and folder on AWS S3 or on an S3-compatible gateway. */
export interface SyncTarget {
  /** The kind of store: AWS S3, or an S3-compatible gateway (path-style, no SSE header). */
  readonly kind: "AwsS3" | "CephViaGateway";
  /** Required for CephViaGateway. @default AWS's own endpoint for the region (AwsS3) */
  readonly endpoint?: string;
  /** @default "us-east-1" */
  readonly region?: string;
  /** An existing bucket (the sidecar never creates one). */
  readonly bucket: string;
  /** Folder inside the bucket. @default the deployment's workspace name (its data volume's `workspaceName`) */
  readonly prefix?: string;
  /**
   * The sidecar's own static keys, as sensitive references: no other container receives them. Temporary
   * credentials (a `sessionToken`) are refused: they would expire under a sidecar that runs for months.
   */
  readonly credentials: S3Credentials;
}

export interface RcloneSyncSidecarProps {
  readonly containerName: string;
  readonly dataVolume: ConvexDataVolume;
  readonly network: ConvexNetwork;
  readonly target: SyncTarget;
  /** Minutes between the end of one copy and the start of the next. @default 15 */
  readonly intervalMinutes?: number;
  /**
   * Also upload the database snapshots the snapshot sidecar leaves in this scratch volume, keeping the newest
   * `keep` in the bucket. @default none: the storage folder only
   */
  readonly snapshots?: SnapshotUpload;
}

/** Where the snapshots to upload wait, and how many the bucket keeps. */
interface SnapshotUpload {
  readonly scratchVolume: Volume;
  readonly keep: number;
}

/** Where in a bucket a copy goes: the folder is always known here. */
interface SyncFolder {
  readonly bucket: string;
  readonly prefix: string;
}

/** The rclone remote the environment configures (RCLONE_CONFIG_TARGET_*). */
const REMOTE = "target";

/**
 * The copy of the storage folder. `copy` only adds and updates, never deletes, so a file lost locally
 * survives in the bucket. `--size-only`: the backend writes each file once, by appending, under a fresh UUID;
 * a file caught mid-write has another size on the next run and is copied again, and rclone skips the
 * per-object HEAD a modification-time comparison costs on S3. Before the backend has made the folder (a fresh
 * deploy), there is nothing to copy, and the run goes on.
 */
function copyStorageFolder(target: SyncFolder): string {
  return `if [ -d ${STORAGE_FOLDER} ]; then rclone copy --size-only --verbose ${STORAGE_FOLDER} ${REMOTE}:${target.bucket}/${target.prefix}; else echo "no storage folder yet at ${STORAGE_FOLDER}: no files to copy"; fi`;
}

/** The one-shot copy of the storage folder alone (next to postgres or mysql, which are not snapshotted). */
function rcloneCopyCommand(target: SyncFolder): string {
  return [...recordingLastRun(), copyStorageFolder(target)].join("\n");
}

/**
 * The upload of the snapshots that were ready when the run started, after the storage folder: every file a
 * snapshot lists was on disk when it was taken, so it is in the bucket before the snapshot is. Each snapshot
 * goes up without its checksum file first and with it last, so a snapshot whose SHA256SUMS is in the bucket
 * is complete; then all but the newest `keep` snapshots are deleted from the bucket. A failed step ends the
 * run (`set -e`), and the rest waits for the next one.
 */
function uploadSnapshots(target: SyncFolder, keep: number): string[] {
  const folder = `${REMOTE}:${target.bucket}/${target.prefix}/${SNAPSHOTS_FOLDER}`;
  return [
    `for id in $ready; do rclone move --verbose --exclude ${SNAPSHOT_CHECKSUMS} ${SNAPSHOTS_READY}/$id ${folder}/$id; rclone move --verbose ${SNAPSHOTS_READY}/$id ${folder}/$id; rmdir ${SNAPSHOTS_READY}/$id; done`,
    `if [ -n "$ready" ]; then rclone lsf --dirs-only ${folder} | sort -r | tail -n +${keep + 1} | while read old; do rclone purge --verbose ${folder}/$old; done; fi`,
  ];
}

/** The one-shot the sync sidecar repeats: the storage folder, then (with snapshots) the snapshots ready when it started. */
function rcloneSyncCommand(target: SyncFolder, keepSnapshots?: number): string {
  if (keepSnapshots === undefined) return rcloneCopyCommand(target);
  return [
    ...recordingLastRun(),
    `ready=$(ls ${SNAPSHOTS_READY} 2>/dev/null | sort)`,
    copyStorageFolder(target),
    ...uploadSnapshots(target, keepSnapshots),
  ].join("\n");
}

/**
 * rclone configured by environment only (no config file), for rclone 1.60 and later. Only this container
 * holds the target's keys; it sees the data volume read-only.
 */
function rcloneEnvironment(target: SyncTarget): Environment {
  const prefix = `RCLONE_CONFIG_${REMOTE.toUpperCase()}_`;
  const ceph = target.kind === "CephViaGateway";
  return {
    [`${prefix}TYPE`]: "s3",
    [`${prefix}PROVIDER`]: ceph ? "Ceph" : "AWS",
    [`${prefix}ENDPOINT`]: target.endpoint,
    [`${prefix}REGION`]: target.region ?? DEFAULT_GATEWAY_REGION,
    [`${prefix}ACCESS_KEY_ID`]: target.credentials.accessKeyId,
    [`${prefix}SECRET_ACCESS_KEY`]: target.credentials.secretAccessKey,
    // The bucket exists already; the sidecar's keys need no right to create one.
    [`${prefix}NO_CHECK_BUCKET`]: "true",
    [`${prefix}FORCE_PATH_STYLE`]: ceph ? "true" : undefined,
    // Never an SSE header to a gateway (RGW without KMS rejects it); on AWS, encrypt at rest explicitly.
    [`${prefix}SERVER_SIDE_ENCRYPTION`]: ceph ? undefined : "AES256",
    // rclone sends `private` by default, which buckets with ACLs disabled (the AWS default) refuse.
    [`${prefix}ACL`]: ceph ? undefined : "bucket-owner-full-control",
  };
}

/** A container that copies the data volume's storage folder (and the database snapshots) to a bucket every few minutes. */
export class RcloneSyncSidecar extends Construct {
  /** The one-shot copy the container repeats. */
  readonly syncCommand: string;
  readonly container: Container;

  constructor(scope: Construct, id: string, props: RcloneSyncSidecarProps) {
    super(scope, id);
    const interval = props.intervalMinutes ?? DEFAULT_SYNC_INTERVAL_MINUTES;
    // Tokens among them are checked at plan, before this container runs them in its shell command.
    const planChecks = [...checkSyncTarget(props.target, "target"), ...checkSyncInterval(interval, "intervalMinutes")];
    if (props.snapshots) assertKeepSnapshots(props.snapshots.keep, "snapshots.keep");
    const folder = {
      bucket: props.target.bucket,
      prefix: props.target.prefix ?? defaultSyncPrefix(props.dataVolume.workspaceName),
    };
    this.syncCommand = rcloneSyncCommand(folder, props.snapshots?.keep);
    const image = pinnedImage(this, "image", SYNC_IMAGE.repository, SYNC_IMAGE.tag);
    this.container = new Container(this, "container", {
      name: props.containerName,
      image: image.imageId,
      // A failed copy (the folder not there yet, the store down) is retried at the next interval; the
      // subshell keeps a failing step from ending the loop.
      entrypoint: ["sh", "-c", repeatEvery(this.syncCommand, interval)],
      env: toDockerEnv(rcloneEnvironment(props.target), "sync"),
      labels: [{ label: SYNC_COMMAND_LABEL, value: this.syncCommand }],
      volumes: [
        { volumeName: props.dataVolume.volume.name, containerPath: ConvexDataVolume.MOUNT_PATH, readOnly: true },
        // Uploaded snapshots are moved out of it, so this one is writable.
        ...(props.snapshots
          ? [{ volumeName: props.snapshots.scratchVolume.name, containerPath: SNAPSHOT_SCRATCH }]
          : []),
      ],
      networksAdvanced: [{ name: props.network.network.name }],
      // An init process as PID 1, so `docker stop` ends the shell loop at once instead of after the timeout.
      init: true,
      restart: "unless-stopped",
    });
    addPreconditions(this.container, planChecks);
  }
}

/** Checks a sync target, naming the prop: throws for a known bad value, returns the plan-time checks of tokens. */
export function checkSyncTarget(target: SyncTarget, prop: string): Precondition[] {
  const checks = [
    ...checkString(`${prop}.bucket`, target.bucket, BUCKET_NAME_FORMAT),
    ...(target.prefix === undefined ? [] : checkString(`${prop}.prefix`, target.prefix, SYNC_PREFIX_FORMAT)),
  ];
  if (target.kind === "CephViaGateway" && !target.endpoint)
    throw new InvalidPropsError(`${prop}.endpoint is required when ${prop}.kind is CephViaGateway`);
  if (target.endpoint !== undefined) checks.push(...checkString(`${prop}.endpoint`, target.endpoint, HTTP_URL_FORMAT));
  if (target.region !== undefined) checks.push(...checkString(`${prop}.region`, target.region, GATEWAY_REGION_FORMAT));
  if (!target.credentials)
    throw new InvalidPropsError(`${prop}.credentials are required: the sidecar has its own keys`);
  assertSecretReference(target.credentials.accessKeyId, `${prop}.credentials.accessKeyId`);
  assertSecretReference(target.credentials.secretAccessKey, `${prop}.credentials.secretAccessKey`);
  if (target.credentials.sessionToken !== undefined)
    throw new InvalidPropsError(
      `${prop}.credentials.sessionToken: the sidecar takes static keys only (temporary credentials would expire under it); leave it out`,
    );
  return checks;
}
