// ES modules. qjs's own loader takes relative and absolute file paths only,
// so the layer prepares every module graph before qjs sees it:
//  - each ES module is lexed (es-module-lexer) and a copy written to the
//    loader's directory with every static specifier replaced by the absolute
//    path of what Node would load: the copy of an ES module, or a generated
//    facade for a built-in, a CommonJS module or a JSON file;
//  - import() becomes __wasmrun_import(parentURL, ...), which resolves the
//    same way, prepares the graph, then imports the copy;
//  - import.meta.url/filename/dirname/resolve are set, on line 1, to the
//    original file's, when the module uses import.meta;
//  - a CommonJS facade exports module.exports as default, and as named
//    exports the names Node finds with cjs-module-lexer (reexports
//    followed); it runs the module when the facade is evaluated, so the
//    order of evaluation is Node's;
//  - a built-in's facade exports the module and its own keys.
// require(esm) evaluates a one-line module that imports the copy and
// publishes its namespace, synchronously unless the graph awaits.
import { std, readText } from "../sys.js";
import { codedError, notAvailable } from "../errors.js";
import { mapFile } from "../stack.js";
import { builtin } from "../../builtins.js";
import { resolveEsm, resolveCjs, fileURL, urlToPath, dirname, basename, withStatCache } from "./resolve.js";
import * as mirror from "./mirror.js";
import { requireFile, stripBOM, stripShebang } from "./cjs.js";
import { qjsOs } from "../qjsos.js";

const SYM = Symbol.for("wasmrun.node");
const copies = new Map(); // ES module path -> copy
const facades = new Map(); // "builtin:name" or "cjs:path" -> facade path
const awaits = new Set(); // copies whose source contains `await` (require(esm) diagnostics)

let lexer;
function lex(source, name) {
  if (!lexer) lexer = require("es-module-lexer/minimal/js");
  return lexer.parse(source, name)[0];
}

/** The start of the `import` keyword of a dynamic import whose "(" is at paren. */
function importKeyword(source, paren) {
  let i = paren - 1;
  while (i >= 0 && /\s/.test(source[i])) i--;
  return source.slice(i - 5, i + 1) === "import" ? i - 5 : -1;
}

function applyEdits(source, edits) {
  edits.sort((a, b) => b[0] - a[0]);
  for (const [start, end, text] of edits) source = source.slice(0, start) + text + source.slice(end);
  return source;
}

/**
 * rewriteDynamicImports(source, baseExpr): import(...) becomes
 * __wasmrun_import(baseExpr, ...), for CommonJS (baseExpr "__filename").
 * A source the lexer cannot read is left as it is.
 */
export function rewriteDynamicImports(source, baseExpr) {
  let imports;
  try {
    imports = lex(source);
  } catch {
    return source;
  }
  const edits = [];
  for (const imp of imports) {
    if (imp.d < 0) continue;
    const kw = importKeyword(source, imp.d);
    if (kw >= 0) edits.push([kw, imp.d + 1, `__wasmrun_import(${baseExpr}, `]);
  }
  return edits.length ? applyEdits(source, edits) : source;
}

function specifierText(path) {
  return JSON.stringify(path).slice(1, -1);
}

/** prepare(path): the copy of the ES module at path, with its static imports prepared. */
export function prepare(path) {
  let copy = copies.get(path);
  if (copy !== undefined) return copy;
  copy = mirror.reserve(basename(path) + (path.endsWith(".mjs") ? "" : ".mjs"));
  copies.set(path, copy);
  const text = readText(path);
  if (text === null) throw codedError(Error, "ERR_MODULE_NOT_FOUND", `Cannot find module '${path}'`);
  const source = stripShebang(stripBOM(text));
  let imports;
  try {
    imports = lex(source, path);
  } catch (err) {
    // Let qjs report the syntax error against the file itself.
    imports = [];
  }
  const url = fileURL(path);
  const edits = [];
  let meta = false;
  for (const imp of imports) {
    if (imp.d === -1) {
      if (imp.n === undefined) continue;
      edits.push([imp.s, imp.e, specifierText(target(imp.n, path))]);
      if (imp.a >= 0) {
        // QuickJS-NG 0.11 cannot parse import attributes (`with { type:
        // "json" }`); JSON is recognised by its extension. Blank them out,
        // keeping lines and columns.
        const w = source.lastIndexOf("with", imp.a);
        const from = w > imp.e ? w : imp.a;
        const end = source.indexOf("}", imp.a) + 1;
        if (end > from) edits.push([from, end, source.slice(from, end).replace(/[^\n]/g, " ")]);
      }
    } else if (imp.d === -2) {
      meta = true;
    } else {
      const kw = importKeyword(source, imp.d);
      if (kw >= 0) edits.push([kw, imp.d + 1, `__wasmrun_import(${JSON.stringify(url)}, `]);
    }
  }
  const prefix = meta
    ? `import.meta.url=${JSON.stringify(url)};import.meta.filename=${JSON.stringify(path)};` +
      `import.meta.dirname=${JSON.stringify(dirname(path))};import.meta.resolve=(s)=>globalThis[Symbol.for("wasmrun.node")].resolveURL(s,${JSON.stringify(path)});`
    : "";
  const out = prefix + applyEdits(source, edits);
  if (/\bawait\b/.test(source)) awaits.add(copy);
  mirror.write(copy, out);
  mapFile(copy, url, prefix.length, "");
  return copy;
}

/** target(spec, parentPath): the path qjs should import for spec. */
function target(spec, parentPath) {
  if (spec === "qjs:os") return qjsOsFacade(); // timers that keep the process alive (qjsos.js)
  if (spec.startsWith("qjs:")) return spec; // qjs:std, qjs:bjson: qjs's own
  const r = resolveEsm(spec, parentPath);
  if (r.builtin !== undefined) return builtinFacade(r.builtin);
  switch (r.format) {
    case "module": return prepare(r.path);
    case "commonjs": return cjsFacade(r.path);
    case "json": return jsonFacade(r.path);
    default: throw notAvailable(`The native addon ${r.path}`, "native addons are not available in the wasmrun VM: only JavaScript runs");
  }
}

function exportList(names) {
  let out = `const __g=(k)=>{try{return m==null?undefined:m[k]}catch(e){return function(){throw e}}};\n`;
  names.forEach((name, i) => {
    out += `const __v${i}=__g(${JSON.stringify(name)});export{__v${i} as ${JSON.stringify(name)}};\n`;
  });
  return out;
}

function writeFacade(key, name, body) {
  const path = mirror.reserve(`${name}.mjs`);
  mirror.write(path, body);
  facades.set(key, path);
  return path;
}

function builtinFacade(name) {
  const key = `builtin:${name}`;
  const have = facades.get(key);
  if (have) return have;
  const mod = builtin(name);
  const names = mod !== null && (typeof mod === "object" || typeof mod === "function")
    ? Reflect.ownKeys(mod).filter((k) => typeof k === "string" && k !== "default" && !(typeof mod === "function" && (k === "prototype" || k === "length" || k === "name")))
    : [];
  return writeFacade(key, `node-${name.replace(/\//g, "-")}`,
    `const m=globalThis[Symbol.for("wasmrun.node")].builtin(${JSON.stringify(name)});\nexport default m;\n${exportList(names)}`);
}

/** The names Node gives a CommonJS module imported by an ES module. */
function cjsNames(path, seen = new Set()) {
  if (seen.has(path)) return [];
  seen.add(path);
  const source = readText(path);
  if (source === null || !/\.(c?js)$/.test(path)) return [];
  let parsed;
  try {
    parsed = require("cjs-module-lexer").parse(stripShebang(stripBOM(source)));
  } catch {
    return [];
  }
  const names = new Set(parsed.exports);
  for (const re of parsed.reexports) {
    let resolved;
    try {
      resolved = resolveCjs(re, path, [".js", ".json", ".node"]);
    } catch {
      continue;
    }
    if (resolved.startsWith("/")) for (const n of cjsNames(resolved, seen)) names.add(n);
  }
  names.delete("default");
  return [...names];
}

function qjsOsFacade() {
  const have = facades.get("qjs:os");
  if (have) return have;
  const names = Object.keys(qjsOs());
  return writeFacade("qjs:os", "qjs-os",
    `const m=globalThis[Symbol.for("wasmrun.node")].qjsOs();\n${exportList(names)}`);
}

function jsonFacade(path) {
  const key = `json:${path}`;
  return facades.get(key) || writeFacade(key, basename(path),
    `export default globalThis[Symbol.for("wasmrun.node")].json(${JSON.stringify(path)});\n`);
}

function cjsFacade(path) {
  const key = `cjs:${path}`;
  const have = facades.get(key);
  if (have) return have;
  return writeFacade(key, basename(path),
    `const m=globalThis[Symbol.for("wasmrun.node")].requireFile(${JSON.stringify(path)});\nexport default m;\n${exportList(cjsNames(path))}`);
}

/**
 * importFrom(parentURL or path, spec): the layer's import(). QuickJS-NG
 * 0.11 has no import attributes in import(); JSON is recognised by its
 * extension, as in static imports.
 */
export function importFrom(parent, spec) {
  let path;
  try {
    const parentPath = typeof parent === "string" && parent.startsWith("file:") ? urlToPath(parent) : parent;
    if (typeof spec !== "string") spec = String(spec);
    path = target(spec, parentPath || `${globalThis.process.cwd()}/[eval]`);
  } catch (err) {
    return Promise.reject(err);
  }
  return import(path);
}

const requireCache = new Map();

/** requireEsm(path): require() of an ES module (Node 20.19+), its namespace. */
export function requireEsm(path) {
  let ns = requireCache.get(path);
  if (ns) return ns;
  const copy = prepare(path);
  const g = globalThis[SYM];
  g.lastNamespace = undefined;
  const promise = std.evalScript(`import * as ns from ${JSON.stringify(copy)};globalThis[Symbol.for("wasmrun.node")].lastNamespace=ns;`, { compile_module: true });
  ns = g.lastNamespace;
  if (ns === undefined) {
    if (promise && typeof promise.then === "function") promise.then(null, () => {});
    if (awaits.has(copy)) {
      throw codedError(Error, "ERR_REQUIRE_ASYNC_MODULE", `require() cannot be used on an ESM graph with top-level await. Use import() instead. To see where the top-level await comes from, use --experimental-print-required-tla.\n  From ${path}`);
    }
    throw codedError(Error, "ERR_REQUIRE_ESM", `The ES module ${path} threw while require() evaluated it`);
  }
  if ("default" in ns && !("__esModule" in ns)) {
    // Node marks a required ES module with a default export as __esModule.
    g.lastNamespace = undefined;
    const wrapperPath = mirror.reserve(`${basename(path)}-required.mjs`);
    mirror.write(wrapperPath, `export * from ${JSON.stringify(copy)};export{default}from ${JSON.stringify(copy)};export const __esModule=true;`);
    std.evalScript(`import * as ns from ${JSON.stringify(wrapperPath)};globalThis[Symbol.for("wasmrun.node")].lastNamespace=ns;`, { compile_module: true });
    if (g.lastNamespace) ns = g.lastNamespace;
  }
  requireCache.set(path, ns);
  return ns;
}

/** runMainModule(entry): import the ES module entry; the promise settles when it has run. */
export function runMainModule(entry) {
  let copy;
  try {
    copy = withStatCache(() => prepare(entry));
  } catch (err) {
    return Promise.reject(err);
  }
  return import(copy);
}

/** install publishes what generated code calls (globalThis[Symbol.for("wasmrun.node")], __wasmrun_import). */
export function install() {
  Object.defineProperty(globalThis, SYM, {
    value: {
      builtin,
      requireFile,
      qjsOs,
      json(path) {
        const text = readText(path);
        try {
          return JSON.parse(stripBOM(text));
        } catch (err) {
          err.message = `${path}: ${err.message}`;
          throw err;
        }
      },
      resolveURL(spec, parentPath) {
        const r = resolveEsm(spec, parentPath);
        return r.builtin !== undefined ? `node:${r.builtin}` : fileURL(r.path);
      },
      lastNamespace: undefined,
    },
  });
  Object.defineProperty(globalThis, "__wasmrun_import", { value: importFrom, writable: false, enumerable: false });
}
