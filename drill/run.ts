import { WorkspaceConfigError } from "../vocabulary/findings";
import { Drill, type DrillOptions } from "./drill";
import { DrillRefused } from "./engine";
import { Report, StepFailed } from "./report";
import { backupDrill, refuseUsedTarget, snapshotStore } from "./backup-drill";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import type { SnapshotSource } from "../vocabulary/storage-kind";
import type { SnapshotStore } from "../restore/snapshot-store";

/** Where the workspace's storage kind keeps database snapshots, if it keeps any. */
function snapshotSourceOf(ws: ResolvedWorkspace): SnapshotSource | undefined {
  return ws.storageKind.snapshots?.(ws.config.storage, ws);
}

/** The drill's figures (docs/performance.md): time to healthy, and for a backup drill its times. */
function figures(report: Report): string {
  const seconds = (...names: string[]) =>
    `${names.reduce((sum, name) => sum + (report.seconds(name) ?? 0), 0).toFixed(1)} s`;
  return [
    `up (create, running and healthy) ${seconds("create", "running and healthy")}`,
    ...(report.seconds("first snapshot") === undefined
      ? []
      : [
          `first snapshot in the bucket ${seconds("first snapshot")}`,
          `restore ${seconds("restore")}`,
          `deploy of the restored volume, up ${seconds("deploy the restored volume")}`,
        ]),
  ].join("; ");
}

/** How the drill ended: passed (exit 0), failed or refused (1), or not started because of its arguments (2). */
export type DrillOutcome = "passed" | "failed" | "unusable";

/**
 * `npm run drill`: every step in order, each printed with its duration; the first failure ends the run.
 * Whatever happens, what the drill created is removed (unless `keep`).
 */
export async function runDrill(options: DrillOptions): Promise<DrillOutcome> {
  const report = new Report(options.say ?? ((line) => process.stdout.write(`${line}\n`)));
  let drill: Drill;
  try {
    drill = new Drill(options, report);
  } catch (error) {
    if (error instanceof WorkspaceConfigError) report.line(`drill: the workspace is not valid:\n${error.message}`);
    else report.line(`drill: ${(error as Error).message}`);
    return error instanceof DrillRefused ? "failed" : "unusable";
  }
  report.line(
    `drill of ${drill.ws.name} (${options.workspaceFile}) on ${drill.engine.host}, in ${drill.runDir}: the backend and dashboard are stand-ins, not Convex's images`,
  );
  let passed = false;
  const source = drill.ws.config.database.kind === "sqlite" ? snapshotSourceOf(drill.ws) : undefined;
  let store: SnapshotStore | undefined;
  try {
    if (source)
      await report.step("sync target", async () => {
        store = snapshotStore(source, drill.env);
        await refuseUsedTarget(store);
        return `${store.bucket}/${store.prefix}/ is empty`;
      });
    await report.step("synthesize", () => drill.synthesize());
    await report.step("images", () => drill.buildImages());
    await report.step("evaluate", () => drill.evaluate(true));
    await report.step("create", () => drill.reconcile());
    await report.step("running and healthy", () => drill.waitUntilUp());
    await report.step("second apply", () => drill.secondApply());
    if (store) await backupDrill(drill, store);
    passed = true;
  } catch (error) {
    if (!(error instanceof StepFailed)) report.line(`FAIL ${(error as Error).message}`);
  } finally {
    store?.destroy();
    if (options.keep) for (const line of drill.kept()) report.line(line);
    else {
      report.line(`cleanup: ${await drill.removeCreated()}`);
      drill.removeRunDir();
    }
  }
  const total = report.steps.reduce((sum, s) => sum + s.seconds, 0);
  if (passed) report.line(`figures: ${figures(report)}`);
  report.line(
    `drill of ${drill.ws.name}: ${passed ? "passed" : "FAILED"} (${report.steps.filter((s) => s.ok).length} of ${report.steps.length} steps passed, ${total.toFixed(1)} s)`,
  );
  return passed ? "passed" : "failed";
}
