import { canonicalStorageLocation, type VolumeFingerprint } from "./fingerprint";
import { resourceNames } from "./names";

/*
 * The data-loss class: what a deployed volume must keep, and the one explanation every layer gives when a
 * configuration asks for something else (the app's validate and synth from the state file and the volume's
 * labels, and `terraform plan` from VolumeFingerprintGuard). Change the rules here and in
 * constructs/volume-fingerprint-guard.ts together; a test runs both on the same cases.
 */

/** A fingerprint field a deployed volume must keep (the workspace name names the volume, so it cannot change). */
export type GuardedField = "storageMode" | "storageLocation" | "instanceName" | "database";

/** What the user edits to change each guarded field: a prop ("storage") or a file's field ("storage.kind"). */
export interface GuardedSettingNames {
  /** Where the storage mode is set, e.g. "storage" or "storage.kind". */
  readonly storageMode: string;
  /** Where the storage location is set. */
  readonly storageLocation: string;
  /** Where the instance name is set. */
  readonly instanceName: string;
  /** Where the database is set. */
  readonly database: string;
}

/** The words an explanation uses, so that it names what its reader edits. */
export interface VolumeChangeWording {
  /** Where each guarded field is set. */
  readonly settings: GuardedSettingNames;
  /** Where the volume generation is set, e.g. "volumeGeneration". */
  readonly generationSetting: string;
  /** What asks for the change, e.g. "the stack". */
  readonly requester: string;
}

/** ConvexDeployment's props. */
export const DEPLOYMENT_PROPS_WORDING: VolumeChangeWording = {
  settings: { storageMode: "storage", storageLocation: "storage", instanceName: "instanceName", database: "database" },
  generationSetting: "volumeGeneration",
  requester: "the stack",
};

/** The props of the constructs composed by hand: ConvexBackend's settings, ConvexDataVolume's generation. */
export const COMPONENT_PROPS_WORDING: VolumeChangeWording = {
  settings: DEPLOYMENT_PROPS_WORDING.settings,
  generationSetting: "generation",
  requester: "the stack",
};

/** A change a deployed volume cannot take. */
export interface VolumeChange {
  /** The fingerprint field that changes. */
  readonly field: GuardedField;
  /** What the volume was created with. */
  readonly recorded: string;
  /** What is asked for now. */
  readonly requested: string;
  /** What the field is, in words: "storage mode", "instance name", ... */
  readonly what: string;
  /** Why the change loses data, in the backend's own words where it has any. */
  readonly reason: string;
}

/**
 * The changes that lose data, among the fields `recorded` holds (a partly labelled volume is compared on
 * what its labels say; a missing field is unknown and changes nothing here). The storage location counts
 * only within one storage mode (a mode change says it already) and compares endpoints in their canonical
 * spelling; the instance name only where it is bound to data (an S3 key prefix, or the name of the SQL
 * database), so renaming a local SQLite instance stays possible, but not where the record cannot show
 * that it is unbound.
 */
export function volumeChanges(recorded: Partial<VolumeFingerprint>, requested: VolumeFingerprint): VolumeChange[] {
  const changes: VolumeChange[] = [];
  const add = (field: GuardedField, was: string) =>
    changes.push({
      field,
      recorded: was,
      requested: requested[field],
      what: WHAT[field],
      reason: volumeChangeReason(field, was, requested[field]),
    });
  const { storageMode, storageLocation, instanceName, database } = recorded;
  if (storageMode !== undefined && storageMode !== requested.storageMode) add("storageMode", storageMode);
  else if (
    storageLocation !== undefined &&
    canonicalStorageLocation(storageLocation) !== canonicalStorageLocation(requested.storageLocation)
  ) {
    add("storageLocation", storageLocation);
  }
  if (instanceName !== undefined && instanceName !== requested.instanceName && instanceNameBound(recorded))
    add("instanceName", instanceName);
  if (database !== undefined && database !== requested.database) add("database", database);
  return changes;
}

/** Whether the instance name is bound to the data: unless the record shows local storage with SQLite, it may be. */
function instanceNameBound(fingerprint: Partial<Pick<VolumeFingerprint, "storageMode" | "database">>): boolean {
  return !(fingerprint.storageMode === "local" && fingerprint.database === "sqlite");
}

/** The volume a change is about, and where the next generation would go. */
export interface VolumeRef {
  /** The deployment's name. */
  readonly workspace: string;
  /** The Docker volume's name. */
  readonly volumeName: string;
  /** Its generation (the next one is where the data moves). */
  readonly generation: number;
}

/** What each guarded field is called in an explanation. */
const WHAT: Readonly<Record<GuardedField, string>> = {
  storageMode: "storage mode",
  storageLocation: "storage location (endpoint, region, buckets)",
  instanceName: "instance name",
  database: "database",
};

/** Why the change loses data, in the backend's own words where it has any. */
export function volumeChangeReason(field: GuardedField, recorded: string, requested: string): string {
  switch (field) {
    case "storageMode":
      return (
        "The backend writes its storage type into the database in the volume on first boot and refuses to start with another one " +
        '("Database was initialized with <old>, but backend started up with <new>.", going from local to S3: "Database was initialized with Some(Local { dir: "/convex/data/storage" }), but backend started up with S3.").'
      );
    case "storageLocation":
      return (
        "Upstream does not record the S3 endpoint or buckets (its issue 55): the backend would start against the new location " +
        "and then fail to find every existing file, module and export."
      );
    case "instanceName":
      return (
        'The instance name is bound to the data: with S3 storage it starts the object prefix ("Cannot use s3 storage path <prefix> with <instance>"), ' +
        "and with postgres or mysql it names the database ('-' as '_'), so the backend would open another, empty one."
      );
    case "database":
      return `The tables live in ${recorded}; the backend would start on an empty ${requested} database and leave every existing document behind.`;
  }
}

/** What changed and why that loses data: volumeChangeMessage without the way out. */
export function volumeChangeExplanation(
  field: GuardedField,
  recorded: string,
  requested: string,
  volume: VolumeRef,
  wording: VolumeChangeWording,
): string {
  return (
    `the data volume ${volume.volumeName} was created with ${WHAT[field]} "${recorded}" and ${wording.requester} asks for "${requested}". ` +
    `${volumeChangeReason(field, recorded, requested)} Nothing has been changed.`
  );
}

/**
 * The explanation, the same from validate, synth and plan. `recorded` may be a Terraform expression (the
 * plan-time guard only knows the recorded value when it runs).
 */
export function volumeChangeMessage(
  field: GuardedField,
  recorded: string,
  requested: string,
  volume: VolumeRef,
  wording: VolumeChangeWording,
): string {
  return `${volumeChangeExplanation(field, recorded, requested, volume, wording)} ${volumeMoveSteps(volume, wording)} Or undo the change to ${wording.settings[field]}.`;
}

/** The supported way to a change the volume cannot take: export, a new volume generation, import. */
export function volumeMoveSteps(volume: VolumeRef, wording: VolumeChangeWording): string {
  const next = volume.generation + 1;
  const nextVolume = resourceNames(volume.workspace, next).volume;
  return (
    "To make the change without losing data: (1) export from the running deployment: npx convex export --include-file-storage --path convex-export.zip; " +
    `(2) set ${wording.generationSetting} to ${next}: a new, empty volume ${nextVolume} is created and ${volume.volumeName} is left untouched ` +
    "(Terraform stops managing it; delete it yourself once you no longer need it); (3) deploy; " +
    "(4) npx convex import --replace-all convex-export.zip."
  );
}
