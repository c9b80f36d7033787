// URL and URLSearchParams: core-js's implementation of the WHATWG URL
// standard (core-js-pure: it does not touch the globals). Chosen over
// whatwg-url, the reference implementation, for size: 49 KB minified against
// 500 KB (whatwg-url carries the full IDNA mapping table).
let classes;
let loading = false;

export function getURL() {
  if (classes) return classes;
  // core-js looks for a native URL while it loads: the global getters must
  // answer "none" rather than load it again.
  if (loading) return { URL: undefined, URLSearchParams: undefined };
  loading = true;
  try {
    const CoreURL = require("core-js-pure/actual/url/index.js");
    const URLSearchParams = require("core-js-pure/actual/url-search-params/index.js");
    // Node's error for what does not parse: TypeError [ERR_INVALID_URL].
    const URL = class URL extends CoreURL {
      constructor(url, base) {
        try {
          if (arguments.length < 2) super(url);
          else super(url, base);
        } catch (err) {
          if (!(err instanceof TypeError)) throw err;
          const e = new TypeError("Invalid URL");
          e.code = "ERR_INVALID_URL";
          e.input = String(url);
          if (base !== undefined) e.base = String(base);
          if (typeof e.stack === "string") e.stack = e.stack.replace(/^TypeError: /, "TypeError [ERR_INVALID_URL]: ");
          throw e;
        }
      }
    };
    classes = { URL, URLSearchParams };
  } finally {
    loading = false;
  }
  return classes;
}
