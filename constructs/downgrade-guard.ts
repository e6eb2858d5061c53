import { DataResource, TerraformIterator, Token } from "cdktf";
import { Construct } from "constructs";
import { checkString } from "./checks";
import { assertVolumeGeneration } from "./data-volume";
import { DEFAULT_PROTECT_FROM_DESTROY, FIRST_VOLUME_GENERATION } from "./domain/defaults";
import { COMMIT_DATE_FORMAT, KNOWN_REVISIONS } from "./domain/upstream-revisions";
import { dateRevision, knownRevisionsReached } from "./domain/revision-order";
import { ReleasedResource } from "./released-resource";

/** DowngradeGuard's props. */
export interface DowngradeGuardProps {
  /** The backend's image tag: an upstream revision (or `latest`). */
  readonly revision: string;
  /**
   * The revision's commit date, YYYY-MM-DD, for a revision KNOWN_REVISIONS does not date.
   * @default the date in KNOWN_REVISIONS; none for a revision it lacks (which then proves no known revision reached)
   */
  readonly revisionDate?: string;
  /** The data volume's generation: each generation keeps its own record, and those of earlier ones are released. @default 1 */
  readonly generation?: number;
  /**
   * Give the record `prevent_destroy`, which is what refuses a downgrade at plan. Without it an older revision
   * passes the plan (this repository's app still refuses it in validate and synth) and `terraform destroy` may remove the record.
   * @default true
   */
  readonly enforce?: boolean;
}

/**
 * Stops `terraform plan` from running an older backend over a database a newer one has migrated, with no
 * Docker access and whatever the state backend, using only Terraform's builtin provider.
 *
 * The record is one terraform_data instance per known upstream revision the deployment has reached (every
 * revision in KNOWN_REVISIONS dated no later than the deployed one), keyed `<revision> (<date>)`, with
 * `prevent_destroy`. Upgrading adds instances; an older revision drops those newer than itself from the
 * configuration, which Terraform refuses at plan ("Instance cannot be destroyed", naming the newest
 * revision reached). A precondition cannot do this job: it sees only planned values, and a record that
 * moves forward is unknown in the very plan that would have to compare against it.
 *
 * What it cannot see: a revision that is not in KNOWN_REVISIONS and has no `revisionDate` records nothing
 * (and over a deployment with a record drops all of it, so the plan refuses it: unknown is not fine), and
 * two revisions between the same two known ones are not ordered here (this repository's app orders them in
 * validate and synth).
 *
 * ConvexDeployment makes one (`downgradeGuard`) and makes its backend wait for the record.
 *
 * @example
 * ```ts
 * const guard = new DowngradeGuard(this, "downgrade-guard", { revision: DEFAULTS.version });
 * backend.container.dependsOn = [...(backend.container.dependsOn ?? []), dependable(guard.record)];
 * ```
 */
export class DowngradeGuard extends Construct {
  /** The construct id of a generation's record: generation 1 keeps the original one. @internal */
  static recordIdFor(generation: number): string {
    return generation === FIRST_VOLUME_GENERATION ? "no-revision-older-than" : `no-revision-older-than-g${generation}`;
  }

  /** The key of a revision's instance in the record. @internal */
  static recordKey(revision: string): string {
    return `${revision} (${KNOWN_REVISIONS[revision]})`;
  }

  /** The known revisions this deployment has reached, oldest first: the keys of the record. */
  readonly reached: readonly string[];
  /** The record; make whatever runs on the data depend on it, so it is written before a newer backend starts. */
  readonly record: DataResource;

  constructor(scope: Construct, id: string, props: DowngradeGuardProps) {
    super(scope, id);
    const generation = props.generation ?? FIRST_VOLUME_GENERATION;
    assertVolumeGeneration(generation, "generation");
    // A date given as a token is not checked: it cannot date the revision here, so it records nothing.
    if (props.revisionDate !== undefined && !Token.isUnresolved(props.revisionDate))
      checkString("revisionDate", props.revisionDate, COMMIT_DATE_FORMAT);
    // A revision known only at plan time cannot be dated here: it proves nothing reached.
    const dating = Token.isUnresolved(props.revision)
      ? undefined
      : dateRevision(
          props.revision,
          props.revisionDate !== undefined && !Token.isUnresolved(props.revisionDate)
            ? { [props.revision]: props.revisionDate }
            : {},
        );
    this.reached = dating ? knownRevisionsReached(dating) : [];
    const entries = Object.fromEntries(
      this.reached.map((revision) => [
        DowngradeGuard.recordKey(revision),
        { revision, date: KNOWN_REVISIONS[revision] },
      ]),
    );
    const each = TerraformIterator.fromMap(entries);
    this.record = new DataResource(this, DowngradeGuard.recordIdFor(generation), {
      forEach: each,
      // Each entry of the map above: cdktf types an iterator's value as any.
      input: each.value as Record<string, unknown>,
      lifecycle: { preventDestroy: props.enforce ?? DEFAULT_PROTECT_FROM_DESTROY },
    });
    for (let earlier = FIRST_VOLUME_GENERATION; earlier < generation; earlier++) {
      new ReleasedResource(this, DowngradeGuard.recordIdFor(earlier), "terraform_data");
    }
  }
}
