// The WHATWG URL: parsing, components, setters, relative resolution,
// serialisation, percent-encoding and errors.
const u = new URL("https://user:pa%20ss@sub.example.com:8080/p/a/t/h.html?query=string&a=1#hash");
for (const k of ["href", "origin", "protocol", "username", "password", "host", "hostname", "port", "pathname", "search", "hash"]) {
  console.log(k, JSON.stringify(u[k]));
}
console.log("searchParams:", u.searchParams.get("query"), u.searchParams.get("a"));
console.log("toString === href:", u.toString() === u.href, "JSON:", JSON.stringify({ u }));
console.log("relative:", new URL("../x/y?z#w", "http://example.com/a/b/c").href);
console.log("relative to root:", new URL("/root", "http://example.com/a/b").href);
console.log("protocol-relative:", new URL("//other.org/p", "https://example.com").href);
console.log("default port dropped:", new URL("http://example.com:80/").href);
console.log("normalised:", new URL("HTTP://EXAMPLE.com/a/./b/../c").href);
console.log("spaces and unicode:", new URL("http://example.com/a b/é?q=a b&r=é").href);
console.log("IDN:", new URL("http://münchen.de/").hostname);
console.log("IPv6:", new URL("http://[::1]:3000/").host);
console.log("file:", new URL("file:///srv/a%20b.txt").pathname);
console.log("data:", new URL("data:text/plain,hi").pathname);
const m = new URL("http://example.com");
m.pathname = "/new path";
m.search = "?x=1";
m.hash = "frag";
m.port = "8081";
m.searchParams.append("y", "2 3");
console.log("after setters:", m.href);
m.protocol = "https";
console.log("protocol set:", m.href);
try {
  new URL("not a url");
} catch (err) {
  console.log("invalid:", err.name, err.code, err instanceof TypeError);
}
try {
  new URL("/relative");
} catch (err) {
  console.log("relative without base:", err.code);
}
console.log("canParse:", URL.canParse("http://x"), URL.canParse("nope"));
console.log("String(url):", String(new URL("https://example.com/?a=1")));
