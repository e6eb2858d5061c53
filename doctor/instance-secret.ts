import { INSTANCE_SECRET_ALLOWED, INSTANCE_SECRET_PATTERN, secretEnvName } from "../constructs/domain";
import { type CheckResult, fail, pass, skip } from "../probes/check";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";

const CHECK = "instance secret";

/**
 * A workspace that takes its instance secret from TF_VAR_instance_secret needs it set, in the form the
 * backend reads (the plan checks the same form: constructs/backend.ts). The value is never shown.
 */
export function instanceSecretChecks(ws: ResolvedWorkspace, env: NodeJS.ProcessEnv): CheckResult[] {
  if (ws.config.convex.instanceSecret !== "terraformVariable")
    return [
      skip(CHECK, 'convex.instanceSecret is "generated": the backend makes its own and keeps it in the data volume'),
    ];
  const name = secretEnvName("instance_secret");
  const value = env[name];
  const fix = `export ${name}=$(openssl rand -hex 32), and keep it: a new one invalidates every admin key`;
  if (!value)
    return [fail(CHECK, `${name} is not set: the deploy reads it (convex.instanceSecret is "terraformVariable")`, fix)];
  if (!INSTANCE_SECRET_PATTERN.test(value))
    return [
      fail(
        CHECK,
        `${name} is not ${INSTANCE_SECRET_ALLOWED} (it has ${value.length} characters; the value is not shown): the plan stops on it, and the backend would refuse it ("Couldn't hexdecode key")`,
        fix,
      ),
    ];
  return [pass(CHECK, `${name} is ${INSTANCE_SECRET_ALLOWED}`)];
}
