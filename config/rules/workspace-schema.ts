import { reportFromIssue } from "../problems";
import type { Workspace } from "../../vocabulary/workspace-schema";
import type { WorkspaceSchema } from "../schema";
import type { Report, RuleInfo } from "../../vocabulary/rule";

/** The structure of a workspace file (vocabulary/workspace-schema.ts, also config/workspace.schema.json for editors). */
export const workspaceSchemaRule: RuleInfo & {
  parse(
    raw: unknown,
    schema: WorkspaceSchema,
  ): { config: Workspace } | { issues: { report: Report; unknownKeys?: readonly string[] }[] };
} = {
  id: "workspace-schema",
  stage: "schema",
  level: "error",
  doc: {
    finds:
      "what vocabulary/workspace-schema.ts does not describe: an unknown key (a typo), a missing or mistyped field, a value out of range or of the wrong form. Among the forms: bucket names, bucket prefixes and gateway regions of letters, digits, `.`, `_` and `-` only (a blank value is left to `s3-settings-complete`; which names S3 takes, to `bucket-names-valid`); origins with `http://` or `https://`",
    prevents:
      "a setting silently ignored; values reaching container environments, Terraform strings and the sync sidecar's `sh -c` command with characters that would mean something there; the backend refusing `CONVEX_CLOUD_ORIGIN` / `CONVEX_SITE_ORIGIN` without a scheme",
    fix: "what the finding says the field takes; [workspace-file.md](workspace-file.md) lists every field",
    source: "vocabulary/workspace-schema.ts; self-hosted/docker-build/run_backend.sh:65-66 at a9a760ca (the origins)",
  },
  cannotAcknowledge: "without it there is no workspace to check or build",

  /** The parsed workspace (defaults applied), or a report per issue. `raw` is the file's value, `schema` the app's (config/schema.ts). */
  parse(raw, schema) {
    const parsed = schema.safeParse(raw, { reportInput: true });
    if (parsed.success) return { config: parsed.data };
    return {
      issues: parsed.error.issues.map((issue) => ({
        report: reportFromIssue(issue, raw, schema),
        ...(issue.code === "unrecognized_keys" ? { unknownKeys: issue.keys } : {}),
      })),
    };
  },
};
