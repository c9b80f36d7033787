// querystring: Node's parse and stringify. querystring-es3 (the browser
// package) throws on malformed escapes and has no encodeURIComponent /
// decodeURIComponent options; Node decodes what it can (unescapeBuffer)
// and takes both, so the two functions follow Node's here.
export default function (layer) {
  const Buffer = () => layer.builtin("buffer").Buffer;

  function isHex(c) {
    return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
  }

  /** unescapeBuffer: %XX decoded where XX is hex, anything else kept, as bytes. */
  function unescapeBuffer(s, decodeSpaces) {
    const str = String(s);
    const out = Buffer().allocUnsafe(Buffer().byteLength(str));
    let n = 0;
    const bytes = Buffer().from(str);
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes[i];
      if (c === 37 && i + 2 < bytes.length + 0 && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
        out[n++] = parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16);
        i += 2;
      } else if (c === 43 && decodeSpaces) {
        out[n++] = 32;
      } else {
        out[n++] = c;
      }
    }
    return out.subarray(0, n);
  }

  function unescape(s, decodeSpaces) {
    try {
      return decodeURIComponent(s);
    } catch {
      return unescapeBuffer(s, decodeSpaces).toString();
    }
  }

  function escape(str) {
    if (typeof str !== "string") {
      if (typeof str === "object") str = String(str);
      else str += "";
    }
    return encodeURIComponent(str);
  }

  function stringifyPrimitive(v) {
    if (typeof v === "string") return v;
    if (typeof v === "number" && Number.isFinite(v)) return `${v}`;
    if (typeof v === "bigint") return `${v}`;
    if (typeof v === "boolean") return v ? "true" : "false";
    return "";
  }

  function stringify(obj, sep, eq, options) {
    sep = sep || "&";
    eq = eq || "=";
    const encode = options && typeof options.encodeURIComponent === "function" ? options.encodeURIComponent : qs.escape;
    if (obj !== null && typeof obj === "object") {
      const keys = Object.keys(obj);
      const fields = [];
      for (const k of keys) {
        const v = obj[k];
        const ks = encode(stringifyPrimitive(k)) + eq;
        if (Array.isArray(v)) {
          for (const item of v) fields.push(ks + encode(stringifyPrimitive(item)));
        } else {
          fields.push(ks + encode(stringifyPrimitive(v)));
        }
      }
      return fields.join(sep);
    }
    return "";
  }

  function parse(str, sep, eq, options) {
    const obj = Object.create(null);
    if (typeof str !== "string" || str.length === 0) return obj;
    sep = sep ? String(sep) : "&";
    eq = eq ? String(eq) : "=";
    let maxKeys = 1000;
    if (options && typeof options.maxKeys === "number") maxKeys = options.maxKeys;
    const custom = options && typeof options.decodeURIComponent === "function" ? options.decodeURIComponent : null;
    const decode = (s) => {
      const spaced = s.includes("+") ? s.replace(/\+/g, " ") : s;
      if (!custom && !spaced.includes("%")) return spaced;
      if (custom) {
        try {
          return custom(spaced);
        } catch {
          return qs.unescape(spaced, true);
        }
      }
      return qs.unescape(spaced, true);
    };
    let parts = str.split(sep);
    if (maxKeys > 0 && parts.length > maxKeys) parts = parts.slice(0, maxKeys);
    for (const part of parts) {
      if (part.length === 0) continue;
      const i = part.indexOf(eq);
      const k = decode(i >= 0 ? part.slice(0, i) : part);
      const v = i >= 0 ? decode(part.slice(i + eq.length)) : "";
      const have = obj[k];
      if (have === undefined) obj[k] = v;
      else if (Array.isArray(have)) have.push(v);
      else obj[k] = [have, v];
    }
    return obj;
  }

  const qs = {
    unescapeBuffer,
    unescape,
    escape,
    stringify,
    encode: stringify,
    parse,
    decode: parse,
  };
  return qs;
}
