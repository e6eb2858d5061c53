import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";

/**
 * Why synthesis cannot run Terraform, or undefined when it can. cdktf runs `terraform version` while it
 * synthesizes (its check that terraform_data, the volume guard's resource, is supported) and, without the
 * binary, fails with its own stack trace after it has begun writing the output directory. Asked first, the
 * answer is one sentence and nothing is written. The binary is cdktf's: $TERRAFORM_BINARY_NAME or terraform.
 */
export function terraformMissing(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const binary = env.TERRAFORM_BINARY_NAME || "terraform";
  const candidates = binary.includes("/")
    ? [binary]
    : (env.PATH ?? "")
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, binary));
  if (candidates.some(isExecutable)) return undefined;
  return (
    `${binary} is not ${binary.includes("/") ? "an executable file" : "on the PATH"}: synthesis runs "${binary} version" (cdktf checks that Terraform supports the stack's terraform_data resources). ` +
    "Install Terraform 1.7 or newer (the stacks use removed blocks; 1.10 for state in S3, whose lock file it needs) and put it on the PATH, or name the binary in TERRAFORM_BINARY_NAME"
  );
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
