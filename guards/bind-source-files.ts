import { lstatSync, realpathSync, statSync } from "node:fs";
import { bindSources } from "../config/bind-sources";
import { FORMATS, formatProblem } from "../constructs/domain";
import { bindSourceIsAFile, type FoundBindSource } from "../config/rules/bind-source-is-a-file";
import { findingOf } from "../config/rules/run";
import { kindOf } from "../config/text-file";
import { dockerHostIsThisMachine } from "../config/this-machine";
import type { Finding } from "../vocabulary/findings";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";

/**
 * Looks at each bind source of the workspaces whose Docker host is this machine (rule bind-source-is-a-file):
 * there, the path is what the engine will mount. A path rule bind-source-path refuses is not looked at (it is
 * refused already); nothing is opened or read, only looked up.
 */
export function checkBindSourceFiles(workspaces: readonly ResolvedWorkspace[]): Finding[] {
  return workspaces.flatMap((ws) => {
    if (!dockerHostIsThisMachine(ws.config.docker.host)) return [];
    const found = bindSources(ws)
      .filter((source) => formatProblem(FORMATS.bindSource, source.path) === undefined)
      .map((source): FoundBindSource => ({ ...source, ...lookAt(source.path) }));
    return bindSourceIsAFile.check(ws, found).map((report) => findingOf(bindSourceIsAFile, ws.file, report));
  });
}

function lookAt(path: string): Pick<FoundBindSource, "instead" | "leadsTo"> {
  try {
    if (lstatSync(path).isSymbolicLink()) {
      const real = realpathSync(path);
      const problem = formatProblem(FORMATS.bindSource, real);
      if (problem !== undefined) return { leadsTo: { path: real, problem } };
    }
    const stats = statSync(path);
    return stats.isFile() ? {} : { instead: `is ${kindOf(stats)}` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { instead: "does not exist" };
    if (code === "ELOOP") return { instead: "is a symbolic link that leads back to itself" };
    // Permission denied and the like: this process cannot tell; the engine, as root, may.
    return {};
  }
}
