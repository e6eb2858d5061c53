// The library's pure domain: names, defaults, the volume fingerprint, bucket naming, upstream revisions.
// No cdktf here: the app's validate and doctor load this entry point without loading any construct.
export * from "./buckets";
export * from "./defaults";
export * from "./fingerprint";
export * from "./identity";
export * from "./names";
export * from "./patterns";
export * from "./secrets";
export * from "./upstream-revisions";
export * from "./volume-change";
