import { types } from "node:util";

/**
 * Stops cdktf from formatting a stack trace for every token it creates.
 *
 * cdktf records the full stack (Error.stackTraceLimit raised to its maximum) of every Lazy, Intrinsic
 * and ComplexList it creates, only to quote it should that token later fail to resolve. The docker
 * provider's generated constructors create about 45 of them per workspace whether or not an attribute is
 * ever read, and formatting those frames into strings was ~40% of the synthesis time per workspace.
 * cdktf captures them onto plain objects (`{ stack: "" }`), never onto Errors: this formats the trace of
 * a plain object as empty (cdktf then records `[]`) and hands every real Error to the formatter that was
 * in place (Node's own, source maps included), so error messages and stack traces do not change.
 *
 * Only the app installs this; the construct library never touches globals.
 */
export function skipTokenCreationTraces(): void {
  const formatError = Error.prepareStackTrace ?? formatLikeV8;
  Error.prepareStackTrace = (target: unknown, frames: NodeJS.CallSite[]): unknown =>
    types.isNativeError(target) ? formatError(target, frames) : "";
}

/** V8's default format, for Node versions that do not expose their formatter as Error.prepareStackTrace. */
function formatLikeV8(error: Error, frames: NodeJS.CallSite[]): string {
  let head: string;
  try {
    head = Error.prototype.toString.call(error);
  } catch {
    head = "<error>";
  }
  return head + frames.map((frame) => `\n    at ${frame}`).join("");
}
