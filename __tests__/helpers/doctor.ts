import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import type { CheckResult } from "../../probes/check";
import type { DoctorReport } from "../../doctor/report";
import { tempDir } from "./temp";

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0 }, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Three distinct free ports for backend, site and dashboard. */
export async function freePorts(): Promise<{ backend: number; site: number; dashboard: number }> {
  const ports = new Set<number>();
  while (ports.size < 3) ports.add(await freePort());
  const [backend, site, dashboard] = [...ports];
  return { backend, site, dashboard };
}

/** One check of a report, by its exact name; fails the test if the doctor did not report it. */
export function checkOf(report: DoctorReport, name: string): CheckResult {
  const found = report.checks.find((c) => c.check === name);
  if (!found) throw new Error(`no check "${name}" in: ${report.checks.map((c) => c.check).join(", ")}`);
  return found;
}

export function checksStartingWith(report: DoctorReport, prefix: string): CheckResult[] {
  return report.checks.filter((c) => c.check.startsWith(prefix));
}

/** Writes a workspace object to a file of its own (for the command-line tests). */
export function writeWorkspaceFile(workspace: object, fileName = "workspace.json"): string {
  const file = join(tempDir("convex-stack-doctor-"), fileName);
  writeFileSync(file, JSON.stringify(workspace, null, 2));
  return file;
}
