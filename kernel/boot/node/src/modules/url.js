// url: the `url` package (Node's legacy parse/format/resolve), the WHATWG URL
// and URLSearchParams (core-js, the same objects as the globals), and Node's
// file URL helpers.
import { getURL } from "../internal/urls.js";

export default function (layer) {
  const legacy = require("url/url.js");
  const { URL, URLSearchParams } = getURL();
  const { codedError, invalidArgType } = layer.errors;

  function fileURLToPath(input) {
    const url = typeof input === "string" ? new URL(input) : input;
    if (!(url instanceof URL) && (url == null || typeof url.href !== "string")) throw invalidArgType("path", "string or an instance of URL", input);
    if (url.protocol !== "file:") throw codedError(TypeError, "ERR_INVALID_URL_SCHEME", "The URL must be of scheme file");
    if (url.hostname !== "") throw codedError(TypeError, "ERR_INVALID_FILE_URL_HOST", `File URL host must be "localhost" or empty on linux`);
    const pathname = url.pathname;
    for (let n = 0; n < pathname.length; n++) {
      if (pathname[n] === "%") {
        const third = pathname.codePointAt(n + 2) | 0x20;
        if (pathname[n + 1] === "2" && third === 102) {
          throw codedError(TypeError, "ERR_INVALID_FILE_URL_PATH", "File URL path must not include encoded / characters");
        }
      }
    }
    return decodeURIComponent(pathname);
  }

  function pathToFileURL(filepath) {
    const path = layer.builtin("path");
    let resolved = path.resolve(filepath);
    if (filepath.endsWith("/") && !resolved.endsWith("/")) resolved += "/";
    const url = new URL("file://");
    // Percent-encode what the URL parser would not, as Node does.
    url.pathname = resolved.replace(/%/g, "%25").replace(/\\/g, "%5C").replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/\t/g, "%09");
    return url;
  }

  function format(urlObject, options) {
    if (urlObject instanceof URL) {
      const o = { auth: true, fragment: true, search: true, unicode: false, ...options };
      let out = `${urlObject.protocol}`;
      if (urlObject.host !== "" || urlObject.protocol === "file:") {
        out += "//";
        if (o.auth && (urlObject.username || urlObject.password)) {
          out += urlObject.username + (urlObject.password ? `:${urlObject.password}` : "") + "@";
        }
        out += o.unicode ? domainToUnicode(urlObject.hostname) + (urlObject.port ? `:${urlObject.port}` : "") : urlObject.host;
      }
      out += urlObject.pathname;
      if (o.search) out += urlObject.search;
      if (o.fragment) out += urlObject.hash;
      return out;
    }
    return legacy.format(urlObject);
  }

  function domainToASCII(domain) {
    try {
      return new URL(`ws://${domain}`).hostname;
    } catch {
      return "";
    }
  }
  function domainToUnicode(domain) {
    return require("punycode/punycode.js").toUnicode(String(domain));
  }

  function urlToHttpOptions(url) {
    const options = {
      protocol: url.protocol,
      hostname: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
      hash: url.hash,
      search: url.search,
      pathname: url.pathname,
      path: `${url.pathname || ""}${url.search || ""}`,
      href: url.href,
    };
    if (url.port !== "") options.port = Number(url.port);
    if (url.username || url.password) options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    return options;
  }

  return {
    Url: legacy.Url,
    parse: legacy.parse,
    resolve: legacy.resolve,
    resolveObject: legacy.resolveObject,
    format,
    URL,
    URLSearchParams,
    domainToASCII,
    domainToUnicode,
    pathToFileURL,
    fileURLToPath,
    urlToHttpOptions,
  };
}
