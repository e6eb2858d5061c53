import { findWorkspace } from "../config/find-workspace";
import type { RuleFindings } from "../config/load";
import { errorText } from "../probes/check";
import { WorkspaceConfigError } from "../vocabulary/findings";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import { printError } from "./print";

/*
 * The start every command that works on one workspace shares (doctor, restore, status, verify-backup): its
 * arguments parsed, the workspace found by name or file, and, when either fails, one message on stderr naming
 * the command; the command then exits 2 (docs/commands.md).
 */

/** A command's arguments and the workspace they name. */
export interface WorkspaceArgument<A> {
  readonly args: A;
  readonly ws: ResolvedWorkspace;
  readonly findings: RuleFindings;
}

/**
 * Parses the arguments with `parse` and finds the workspace its `target` names; undefined after saying why
 * on stderr, prefixed with `command`.
 */
export function workspaceArgument<A extends { readonly target: string }>(
  command: string,
  parse: () => A,
): WorkspaceArgument<A> | undefined {
  try {
    const args = parse();
    return { args, ...findWorkspace(args.target) };
  } catch (error) {
    if (error instanceof WorkspaceConfigError) printError(`${command}: the workspace is not valid:\n${error.message}`);
    else printError(`${command}: ${errorText(error)}`);
    return undefined;
  }
}

/**
 * The arguments of a command that takes one workspace and on/off flags: the target and the flags given.
 * Throws the usage line for no workspace, more than one, or a flag not in `flags`.
 */
export function oneWorkspaceAnd<F extends string>(
  argv: readonly string[],
  flags: readonly F[],
  usage: string,
): { readonly target: string; readonly flags: ReadonlySet<F> } {
  const options = argv.filter((a) => a.startsWith("-"));
  const positional = argv.filter((a) => !a.startsWith("-"));
  const unknown = options.filter((o) => !(flags as readonly string[]).includes(o));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown[0]}; ${usage}`);
  if (positional.length !== 1)
    throw new Error(positional.length === 0 ? usage : `give one workspace, got ${positional.length}; ${usage}`);
  return { target: positional[0], flags: new Set(options as F[]) };
}
