import { expect } from "@jest/globals";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { catalogue } from "../config/rules";
import { workspaceSchema } from "../config/schema";
import { STORAGE_KINDS } from "../config/storage-kinds";
import { fingerprintLabels } from "../constructs/domain";
import { storageChecks } from "../doctor/storage";
import { loadDeployableWorkspaces } from "../guards";
import { renderRulesReference } from "../scripts/rules-reference";
import { formsOf, workspaceJsonSchema } from "../scripts/workspace-schema";
import { localStorage } from "../storage-kinds/local-storage";
import type { StorageKind } from "../vocabulary/storage-kind";
import { storageKinds } from "../vocabulary/storage-kinds";
import { scratchVolume } from "./fixtures/fifth-kind";
import { byName, envOf, problemsOf, synth, workspace } from "./helpers/workspaces";
import { tempDir } from "./helpers/temp";

/*
 * A storage kind is one folder. A throw-away fifth kind, with its own IStorageStrategy, lives in
 * __tests__/fixtures/fifth-kind/; an app is built from a list of kinds, and this test lists it after the
 * built-in ones, as config/storage-kinds.ts lists those. Nothing outside that folder knows it, and every part
 * of the app that works per kind takes it.
 */
const KINDS = storageKinds([...STORAGE_KINDS.all, scratchVolume], localStorage);

const STORAGE = { kind: "ScratchVolume", folder: "scratch" };

describe("a fifth storage kind from one folder", () => {
  it("joins a list of kinds after the built-in ones, once, under the name its schema gives", () => {
    expect(KINDS.all.map((kind) => kind.kind)).toEqual([
      ...STORAGE_KINDS.all.map((kind) => kind.kind),
      "ScratchVolume",
    ]);
    expect(() => storageKinds([...KINDS.all, scratchVolume], localStorage)).toThrow(
      "storage kind ScratchVolume is listed twice",
    );
    expect(() => storageKinds([localStorage, { ...scratchVolume, kind: "Scratch" }], localStorage)).toThrow(
      'storage kind Scratch: its schema\'s kind must be the literal "Scratch"',
    );
    expect(() => storageKinds([scratchVolume], localStorage)).toThrow(
      "the fallback storage kind LocalStorage is not in the list",
    );
  });

  it("leaves the app's own list as it is: that list cannot be changed, and does not know the kind", () => {
    expect(() => (STORAGE_KINDS.all as StorageKind[]).push(scratchVolume)).toThrow(TypeError);
    expect(STORAGE_KINDS.all).not.toContain(scratchVolume);
    expect(problemsOf({ name: "app", storage: STORAGE })).toEqual([
      expect.objectContaining({ rule: "workspace-schema", path: "storage.kind" }),
    ]);
  });

  it("is a form of the workspace file's storage block, for the loader and for editors", () => {
    expect(workspaceSchema(KINDS).parse({ name: "app", storage: STORAGE }).storage).toEqual(STORAGE);
    expect(problemsOf({ name: "app", storage: { ...STORAGE, folders: "x" } }, {}, KINDS)).toEqual([
      expect.objectContaining({
        rule: "workspace-schema",
        path: "storage",
        info: expect.stringContaining('unknown key "folders" (did you mean "folder"?)'),
      }),
    ]);
    const forms = formsOf(workspaceJsonSchema(KINDS).properties!.storage).map((form) => form.title);
    expect(forms).toContain("ScratchVolume");
  });

  it("validates, as npm run validate loads workspaces (every rule, then what is deployed)", async () => {
    const dir = tempDir("fifth-kind-");
    try {
      writeFileSync(join(dir, "app.json"), JSON.stringify({ name: "fifth", storage: STORAGE }));
      const notes: string[] = [];
      const loaded = await loadDeployableWorkspaces({
        path: dir,
        env: {},
        offline: true,
        outdir: join(dir, "cdktf.out"),
        warn: (note) => notes.push(note),
        kinds: KINDS,
      });
      expect(loaded.map((ws) => [ws.config.storage, ws.storageKind])).toEqual([[STORAGE, scratchVolume]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is checked by its own rule, and only workspaces of its kind are", () => {
    expect(problemsOf({ name: "app", storage: { ...STORAGE, folder: " " } }, {}, KINDS)).toEqual([
      {
        rule: "scratch-folder-given",
        file: "ws.json",
        path: "storage.folder",
        level: "error",
        info: "is blank",
        fix: "name a folder",
      },
    ]);
    expect(KINDS.kindsOfRule("scratch-folder-given")).toEqual(["ScratchVolume"]);
    expect(catalogue(KINDS).map((rule) => rule.id)).toContain("scratch-folder-given");
    expect(catalogue().map((rule) => rule.id)).not.toContain("scratch-folder-given");
  });

  it("synthesizes with its strategy, and the volume carries the fingerprint validate expects", () => {
    const ws = workspace({ name: "app", storage: STORAGE }, {}, KINDS);
    expect(ws.fingerprint).toMatchObject({ storageMode: "local", storageLocation: "volume:scratch" });
    const stack = synth(ws);
    expect(envOf(stack, "convex-app-backend").SCRATCH_FOLDER).toBe("/convex/data/scratch");
    const labels = byName(stack, "docker_volume")["convex-app-data"].labels as { label: string; value: string }[];
    expect(Object.fromEntries(labels.map((l) => [l.label, l.value]))).toEqual(fingerprintLabels(ws.fingerprint));
  });

  it("has its doctor rows", async () => {
    expect(await storageChecks(workspace({ name: "app", storage: STORAGE }, {}, KINDS), {})).toEqual([
      {
        check: "storage",
        status: "pass",
        detail: "ScratchVolume: files in /convex/data/scratch; nothing outside Docker to ask",
      },
    ]);
  });

  it("has its rules in the catalogue page, named with their kind", () => {
    expect(renderRulesReference(KINDS)).toContain(
      "(../__tests__/fixtures/fifth-kind/rules/scratch-folder-given.ts) (ScratchVolume)",
    );
  });
});
