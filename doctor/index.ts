import type { AcknowledgedFinding, Finding } from "../vocabulary/findings";
import { workspaceFindings } from "../config/load";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import { SECRET_VARIABLES, secretEnvName, type SecretName } from "../constructs/domain";
import { type CheckResult, errorText, fail } from "../probes/check";
import { configChecks } from "./config";
import { databaseChecks } from "./database";
import { dockerChecks } from "./docker-host";
import { portChecks } from "./ports";
import { proxyHostChecks } from "./proxy-hosts";
import { reachabilityChecks } from "./reachability";
import type { DoctorReport } from "./report";
import { storageChecks } from "./storage";
import { stateChecks } from "./state";
import { urlChecks } from "./urls";

export { type DoctorReport, formatJson, formatTable } from "./report";

export interface DoctorOptions {
  /** Where the TF_VAR_ secrets are read from, as the deploy reads them. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * What the rule catalogue says about the workspace (loadWorkspacesWithFindings gives those of every rule,
   * also the cross-workspace ones), with what its file acknowledges; each is a `config:` row.
   * @default the per-workspace rules' findings, run with `env`
   */
  readonly findings?: { readonly findings: readonly Finding[]; readonly acknowledged: readonly AcknowledgedFinding[] };
}

/**
 * Checks a workspace against the real world before a deploy: its S3 store, Docker host, host ports,
 * database server, front door host names and public URL, after what the rules say about its file. A workspace the rules refuse
 * is still checked live: the rows say what the real store, host and server would do with it. Never
 * throws for what it finds; never reports a secret.
 */
export async function runDoctor(ws: ResolvedWorkspace, options: DoctorOptions = {}): Promise<DoctorReport> {
  const env = options.env ?? process.env;
  // The port check briefly listens on the backend's host port: ask the URL first, or the probe could answer it.
  const url = guarded("backend url", urlChecks(ws));
  const ports = url.then(() => guarded("host ports", portChecks(ws)));
  const { findings, acknowledged } = options.findings ?? workspaceFindings(ws, env);
  const config = configChecks(findings, acknowledged);
  const families = await Promise.all([
    guarded("storage", storageChecks(ws, env)),
    guarded("state", stateChecks(ws, env)),
    guarded("docker", dockerChecks(ws)),
    ports,
    guarded("database", databaseChecks(ws, env)),
    guarded("proxy hosts", proxyHostChecks(ws)),
    guarded("reachable", reachabilityChecks(ws, env)),
    url,
  ]);
  const checks = redact([...config, ...families.flat()], secretValues(env));
  return { workspace: ws.name, file: ws.file, checks, ok: !checks.some((c) => c.status === "fail") };
}

/** A check family that crashes is reported as a failed check, not as a crashed doctor. */
async function guarded(family: string, checks: Promise<CheckResult[]>): Promise<CheckResult[]> {
  try {
    return await checks;
  } catch (error) {
    return [fail(family, `the check itself failed: ${errorText(error)}`, "report this as a bug of the doctor")];
  }
}

/** Every secret value the environment holds (the deploy's and the state's AWS ones), and the password inside the database URL. */
function secretValues(env: NodeJS.ProcessEnv): string[] {
  const values = [
    ...(Object.keys(SECRET_VARIABLES) as SecretName[]).map(secretEnvName),
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
  ]
    .map((name) => env[name])
    .filter((v): v is string => !!v);
  const url = env[secretEnvName("database_url")];
  if (url) {
    try {
      const password = new URL(url).password;
      if (password) values.push(password, decodeURIComponent(password));
    } catch {
      // Not a URL: the database check says so, and the whole value is already redacted.
    }
  }
  // Longest first, so a secret containing another is replaced whole.
  return [...new Set(values)].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length);
}

/** Belt and braces: no check prints a secret, but an error message from a server might echo one. */
function redact(checks: CheckResult[], secrets: string[]): CheckResult[] {
  const clean = (text: string) => secrets.reduce((t, secret) => t.split(secret).join("***"), text);
  return checks.map((c) => ({ ...c, detail: clean(c.detail), ...(c.fix ? { fix: clean(c.fix) } : {}) }));
}
