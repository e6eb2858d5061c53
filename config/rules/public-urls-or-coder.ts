import type { ConfigRule } from "../../vocabulary/rule";

/** network.coder derives the URLs and network.publicUrls states them: with both, which one wins would be a guess. */
export const publicUrlsOrCoder: ConfigRule = {
  id: "public-urls-or-coder",
  stage: "config",
  level: "error",
  doc: {
    finds: "`network.publicUrls` and `network.coder` both set",
    prevents: "URLs other than the ones the file seems to say",
    fix: "keep one: `coder` derives the URLs, `publicUrls` states them",
    source: "config/resolve.ts",
  },
  cannotAcknowledge: "the file contradicts itself: the workspace's URLs cannot be derived until it says one thing",

  check(config) {
    if (!config.network.publicUrls || !config.network.coder) return [];
    return [
      {
        path: "network",
        info: "sets both publicUrls and coder",
        fix: "keep one: coder derives the URLs, publicUrls states them",
      },
    ];
  },
};
