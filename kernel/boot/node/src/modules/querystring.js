// querystring: querystring-es3 (Node's querystring for other engines), with
// escape/unescape, which Node exports too.
export default function () {
  const qs = require("querystring-es3");
  const unescape = (s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return unescape(String(s).replace(/%(?![0-9a-fA-F]{2})/g, "%25"));
    }
  };
  return {
    decode: qs.decode,
    parse: qs.parse,
    encode: qs.encode,
    stringify: qs.stringify,
    escape: (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    unescape,
    unescapeBuffer: (s) => Buffer.from(unescape(s)),
  };
}
