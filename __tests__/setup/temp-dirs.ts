/** Where the test run keeps every test file's temporary directory: global-setup.ts sets it. */
export const RUN_TMP_ROOT_ENV = "CONVEX_TEST_TMP_ROOT";

/** The global, in a test file's context, on which helpers/temp.ts lists the directories it made. */
export const TEMP_DIRS_KEY = "convexStackTempDirs";

export type TempDirRegistry = { [TEMP_DIRS_KEY]?: string[] };

/**
 * What tools leave in the temporary directory on their own, removed with the test file's directory:
 * cdktf's Testing.app() makes a `cdktf.outdir.*` directory per app and never removes it; tsx keeps its
 * transform cache in `tsx-<uid>` for the commands the tests start, and the cdktf CLI's ts-node (in the
 * package test's consumer project) its compile cache in `v8-compile-cache-<uid>`.
 */
export const TOOL_OUTPUT = /^(cdktf\.outdir\.|tsx-\d+$|v8-compile-cache-\d+$)/;
