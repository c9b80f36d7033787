// The url module: fileURLToPath, pathToFileURL (relative paths resolve
// against the cwd), the legacy parse/format/resolve, and the WHATWG classes.
const url = require("url");
const path = require("path");
console.log("URL classes:", url.URL === URL, url.URLSearchParams === URLSearchParams);
console.log("fileURLToPath:", url.fileURLToPath("file:///srv/some%20dir/f%C3%A9.txt"));
console.log("fileURLToPath of a URL:", url.fileURLToPath(new URL("file:///srv/x")));
console.log("pathToFileURL:", url.pathToFileURL("/srv/some dir/fé#?.txt").href);
console.log("pathToFileURL relative:", url.pathToFileURL("rel/file.js").href);
console.log("of __filename:", url.pathToFileURL(__filename).href);
console.log("round trip:", url.fileURLToPath(url.pathToFileURL(__dirname)) === __dirname);
try {
  url.fileURLToPath("http://example.com/x");
} catch (err) {
  console.log("not a file URL:", err.code);
}
const legacy = url.parse("https://user:pw@host.com:8080/p/a?query=1&b=2#hash", true);
console.log("parse:", JSON.stringify({
  protocol: legacy.protocol, auth: legacy.auth, host: legacy.host, port: legacy.port,
  hostname: legacy.hostname, hash: legacy.hash, search: legacy.search, query: legacy.query,
  pathname: legacy.pathname, path: legacy.path, href: legacy.href,
}));
console.log("parse without query parsing:", url.parse("/a?x=1").query, url.parse("/a?x=1").pathname);
console.log("format object:", url.format({ protocol: "http", host: "example.com", pathname: "/x", query: { a: 1, b: "c d" } }));
console.log("format URL:", url.format(new URL("https://a.com/p?q#h"), { fragment: false, search: false }));
console.log("resolve:", url.resolve("http://a.com/b/c", "../d"), url.resolve("/one/two", "three"), url.resolve("http://a.com/", "http://b.com/x"));
console.log("domainToASCII:", url.domainToASCII("español.com"), "domainToUnicode:", url.domainToUnicode("xn--espaol-zwa.com"));
console.log("urlToHttpOptions:", JSON.stringify(url.urlToHttpOptions(new URL("http://u:p@h.com:81/p?q"))));
