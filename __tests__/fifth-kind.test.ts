import { expect } from "@jest/globals";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expectedFingerprint } from "../config/expected-fingerprint";
import { catalogue } from "../config/rules";
import { workspaceSchema } from "../config/schema";
import { fingerprintLabels } from "../constructs/domain";
import { storageChecks } from "../doctor/storage";
import { loadDeployableWorkspaces } from "../guards";
import { renderRulesReference } from "../scripts/rules-reference";
import { workspaceJsonSchema } from "../scripts/workspace-schema";
import { kindsOfRule, registerStorageKind, storageKinds } from "../storage-kinds";
import { scratchVolume } from "./fixtures/fifth-kind";
import { byName, envOf, problemsOf, synth, workspace } from "./helpers/workspaces";

/*
 * A storage kind is one folder. A throw-away fifth kind, with its own IStorageStrategy, lives in
 * __tests__/fixtures/fifth-kind/ and is registered the way the four built-in kinds are; nothing outside that
 * folder knows it, and every part of the app that works per kind takes it.
 */
registerStorageKind(scratchVolume);

const STORAGE = { kind: "ScratchVolume", folder: "scratch" };

describe("a fifth storage kind from one folder", () => {
  it("is registered after the built-in kinds, once, under the name its schema gives", () => {
    expect(storageKinds().map((kind) => kind.kind)).toEqual([
      "LocalStorage",
      "AwsS3",
      "CephViaGateway",
      "LocalPlusSync",
      "ScratchVolume",
    ]);
    expect(() => registerStorageKind(scratchVolume)).toThrow("storage kind ScratchVolume is registered already");
    expect(() => registerStorageKind({ ...scratchVolume, kind: "Scratch" })).toThrow(
      'storage kind Scratch: its schema\'s kind must be the literal "Scratch"',
    );
  });

  it("is a form of the workspace file's storage block, for the loader and for editors", () => {
    expect(workspaceSchema().parse({ name: "app", storage: STORAGE }).storage).toEqual(STORAGE);
    expect(problemsOf({ name: "app", storage: { ...STORAGE, folders: "x" } })).toEqual([
      expect.objectContaining({
        rule: "workspace-schema",
        path: "storage",
        info: expect.stringContaining('unknown key "folders" (did you mean "folder"?)'),
      }),
    ]);
    const oneOf = (workspaceJsonSchema().properties!.storage.oneOf ?? []).map((form) => form.title);
    expect(oneOf).toContain("ScratchVolume");
  });

  it("validates, as npm run validate loads workspaces (every rule, then what is deployed)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "i14b-fifth-kind-"));
    writeFileSync(join(dir, "app.json"), JSON.stringify({ name: "i14b-fifth", storage: STORAGE }));
    const notes: string[] = [];
    const loaded = await loadDeployableWorkspaces({
      path: dir,
      env: {},
      offline: true,
      outdir: join(dir, "cdktf.out"),
      warn: (note) => notes.push(note),
    });
    expect(loaded.map((ws) => ws.config.storage)).toEqual([STORAGE]);
  });

  it("is checked by its own rule, and only workspaces of its kind are", () => {
    expect(problemsOf({ name: "app", storage: { ...STORAGE, folder: " " } })).toEqual([
      {
        rule: "scratch-folder-given",
        file: "ws.json",
        path: "storage.folder",
        level: "error",
        info: "is blank",
        fix: "name a folder",
      },
    ]);
    expect(kindsOfRule("scratch-folder-given")).toEqual(["ScratchVolume"]);
    expect(catalogue().map((rule) => rule.id)).toContain("scratch-folder-given");
  });

  it("synthesizes with its strategy, and the volume carries the fingerprint validate expects", () => {
    const ws = workspace({ name: "app", storage: STORAGE });
    expect(expectedFingerprint(ws)).toMatchObject({ storageMode: "local", storageLocation: "volume:scratch" });
    const stack = synth(ws);
    expect(envOf(stack, "convex-app-backend").SCRATCH_FOLDER).toBe("/convex/data/scratch");
    const labels = byName(stack, "docker_volume")["convex-app-data"].labels as { label: string; value: string }[];
    expect(Object.fromEntries(labels.map((l) => [l.label, l.value]))).toEqual(
      fingerprintLabels(expectedFingerprint(ws)),
    );
  });

  it("has its doctor rows", async () => {
    expect(await storageChecks(workspace({ name: "app", storage: STORAGE }), {})).toEqual([
      {
        check: "storage",
        status: "pass",
        detail: "ScratchVolume: files in /convex/data/scratch; nothing outside Docker to ask",
      },
    ]);
  });

  it("has its rules in the catalogue page, named with their kind", () => {
    expect(renderRulesReference()).toContain(
      "(../__tests__/fixtures/fifth-kind/rules/scratch-folder-given.ts) (ScratchVolume)",
    );
  });
});
