// A CommonJS import: the module's own exports object, which cdktf's callers read the helper from.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- `import * as` would give a copy of the exports object, and patching the copy changes nothing
import stackTrace = require("cdktf/lib/tokens/private/stack-trace");

/**
 * Stops cdktf from capturing a stack trace for every token it creates.
 *
 * cdktf records the full stack (Error.stackTraceLimit raised to its maximum) of every Lazy, Intrinsic,
 * ComplexList and dynamic block it creates, only to quote it should that token later fail to resolve. The
 * docker provider's generated constructors create about 45 of them per workspace whether or not an
 * attribute is ever read: formatting those frames was a large part of the synthesis time per workspace,
 * and merely capturing them (V8 walks every frame) cost more again (docs/performance.md). Every one of
 * those callers gets its trace from this one helper module, called through its exports object, so
 * replacing the export makes them all record `[]` without capturing anything. Nothing else changes: errors, Error.stackTraceLimit and
 * Error.prepareStackTrace are left alone, so real stack traces read exactly as before.
 *
 * Only the app installs this; the construct library never touches cdktf's modules.
 */
export function skipTokenCreationTraces(): void {
  stackTrace.captureStackTrace = () => [];
}
