// Node's module resolution (Node 20.19+: require(esm) and the "module-sync"
// condition), for require() (resolveCjs) and import (resolveEsm), as the
// Node documentation's pseudocode gives them ("Modules: CommonJS modules, All
// together" and "ECMAScript modules, Resolution algorithm specification").
// Symlinks are not followed to their real paths (as node --preserve-symlinks
// does); internal/fs/links.js could ask the kernel for them.
import { kind as statKind, readText } from "../sys.js";
import { codedError } from "../errors.js";
import { builtinName } from "../../builtins.js";

// While the main module loads synchronously, as in Node, what a path is
// (missing, file, directory) is looked up once: a require-heavy start asks
// the same questions many times, and each is a call into the kernel.
let kinds = null;

function kind(path) {
  if (kinds === null) return statKind(path);
  let k = kinds.get(path);
  if (k === undefined) {
    k = statKind(path);
    kinds.set(path, k);
  }
  return k;
}

/** withStatCache(fn): fn() with the path kinds cached (Module._load of the main module). */
export function withStatCache(fn) {
  if (kinds !== null) return fn();
  kinds = new Map();
  try {
    return fn();
  } finally {
    kinds = null;
  }
}

export const CJS_CONDITIONS = ["require", "module-sync", "node", "default"];
export const ESM_CONDITIONS = ["import", "module-sync", "node", "default"];

// ---- paths (absolute, POSIX) ----

export function dirname(p) {
  const i = p.lastIndexOf("/");
  return i <= 0 ? "/" : p.slice(0, i);
}

export function basename(p) {
  return p.slice(p.lastIndexOf("/") + 1);
}

/** resolvePath(base, rel): rel against the absolute directory base, normalized. */
export function resolvePath(base, rel) {
  const full = rel.startsWith("/") ? rel : `${base}/${rel}`;
  const out = [];
  for (const part of full.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return `/${out.join("/")}`;
}

export function fileURL(path) {
  return `file://${encodeURI(path).replace(/[?#]/g, encodeURIComponent)}`;
}

export function urlToPath(url) {
  if (!url.startsWith("file://")) return undefined;
  let rest = url.slice(7);
  if (!rest.startsWith("/")) rest = rest.slice(rest.indexOf("/")); // file://localhost/...
  const q = rest.search(/[?#]/);
  if (q >= 0) rest = rest.slice(0, q);
  return decodeURIComponent(rest);
}

// ---- package.json ----

const packages = new Map(); // dir -> package.json object, or null

export function readPackage(dir) {
  let pkg = packages.get(dir);
  if (pkg !== undefined) return pkg;
  const text = readText(dir === "/" ? "/package.json" : `${dir}/package.json`);
  pkg = null;
  if (text !== null) {
    try {
      pkg = JSON.parse(text);
    } catch (err) {
      throw codedError(Error, "ERR_INVALID_PACKAGE_CONFIG", `Invalid package config ${dir}/package.json: ${err.message}`);
    }
    if (pkg === null || typeof pkg !== "object") pkg = {};
  }
  packages.set(dir, pkg);
  return pkg;
}

/** packageScope(file): the nearest package.json above file, as { dir, pkg }, or null. */
export function packageScope(file) {
  let dir = dirname(file);
  for (;;) {
    if (basename(dir) === "node_modules") return null;
    const pkg = readPackage(dir);
    if (pkg) return { dir, pkg };
    if (dir === "/") return null;
    dir = dirname(dir);
  }
}

/** nodeModulePaths(dir): dir/node_modules and each parent's, deepest first. */
export function nodeModulePaths(dir) {
  const out = [];
  for (;;) {
    if (basename(dir) !== "node_modules") out.push(dir === "/" ? "/node_modules" : `${dir}/node_modules`);
    if (dir === "/") break;
    dir = dirname(dir);
  }
  return out;
}

/** splitPackage("@a/b/c/d") is ["@a/b", "./c/d"]; null if not a valid package specifier. */
function splitPackage(spec) {
  let end = spec.indexOf("/");
  if (spec.startsWith("@")) {
    if (end < 0) return null;
    end = spec.indexOf("/", end + 1);
  }
  const name = end < 0 ? spec : spec.slice(0, end);
  if (name.startsWith(".") || name.includes("\\") || name.includes("%")) return null;
  return [name, `.${end < 0 ? "" : spec.slice(end)}`];
}

// ---- "exports" and "imports" ----

function invalidTarget(pkgDir, key, target, isImports) {
  return codedError(Error, "ERR_INVALID_PACKAGE_TARGET",
    `Invalid "${isImports ? "imports" : "exports"}" target ${JSON.stringify(target)} defined for '${key}' in the package config ${pkgDir}/package.json`);
}

function targetResolve(pkgDir, target, subpath, pattern, isImports, conditions, key, parent) {
  if (typeof target === "string") {
    if (!target.startsWith("./")) {
      if (isImports && !target.startsWith("../") && !target.startsWith("/") && !/^[a-z][a-z0-9+.-]*:/i.test(target)) {
        const spec = pattern ? target.replaceAll("*", subpath) : target + subpath;
        return { bare: spec, base: `${pkgDir}/package.json` };
      }
      throw invalidTarget(pkgDir, key, target, isImports);
    }
    if (/(^|\/)(\.\.?|node_modules)(\/|$)/.test(target.slice(2))) throw invalidTarget(pkgDir, key, target, isImports);
    const resolved = pkgDir + (pattern ? target.replaceAll("*", subpath) : target + subpath).slice(1);
    return { path: resolved };
  }
  if (Array.isArray(target)) {
    let lastErr;
    for (const t of target) {
      let r;
      try {
        r = targetResolve(pkgDir, t, subpath, pattern, isImports, conditions, key, parent);
      } catch (err) {
        if (err.code !== "ERR_INVALID_PACKAGE_TARGET") throw err;
        lastErr = err;
        continue;
      }
      if (r === undefined) continue;
      return r;
    }
    if (lastErr) throw lastErr;
    return null;
  }
  if (target !== null && typeof target === "object") {
    for (const cond of Object.keys(target)) {
      if (cond === "default" || conditions.includes(cond)) {
        const r = targetResolve(pkgDir, target[cond], subpath, pattern, isImports, conditions, key, parent);
        if (r === undefined) continue;
        return r;
      }
    }
    return undefined;
  }
  if (target === null) return null;
  throw invalidTarget(pkgDir, key, target, isImports);
}

function patternKeyCompare(a, b) {
  const ai = a.indexOf("*"), bi = b.indexOf("*");
  const al = ai === -1 ? a.length : ai + 1, bl = bi === -1 ? b.length : bi + 1;
  if (al > bl) return -1;
  if (bl > al) return 1;
  if (ai === -1) return 1;
  if (bi === -1) return -1;
  if (a.length > b.length) return -1;
  if (b.length > a.length) return 1;
  return 0;
}

function importsExportsResolve(matchKey, matchObj, pkgDir, isImports, conditions, parent) {
  if (Object.hasOwn(matchObj, matchKey) && !matchKey.includes("*")) {
    return targetResolve(pkgDir, matchObj[matchKey], "", false, isImports, conditions, matchKey, parent);
  }
  const keys = Object.keys(matchObj).filter((k) => k.indexOf("*") !== -1 && k.indexOf("*") === k.lastIndexOf("*")).sort(patternKeyCompare);
  for (const key of keys) {
    const star = key.indexOf("*");
    const base = key.slice(0, star);
    if (matchKey.startsWith(base) && matchKey !== base) {
      const trailer = key.slice(star + 1);
      if (trailer.length === 0 || (matchKey.endsWith(trailer) && matchKey.length >= key.length)) {
        const match = matchKey.slice(base.length, matchKey.length - trailer.length);
        return targetResolve(pkgDir, matchObj[key], match, true, isImports, conditions, key, parent);
      }
    }
  }
  return null;
}

function notExported(pkgDir, subpath, parent) {
  const msg = subpath === "."
    ? `No "exports" main defined in ${pkgDir}/package.json`
    : `Package subpath '${subpath}' is not defined by "exports" in ${pkgDir}/package.json${parent ? ` imported from ${parent}` : ""}`;
  return codedError(Error, "ERR_PACKAGE_PATH_NOT_EXPORTED", msg);
}

function exportsResolve(pkgDir, subpath, exports, conditions, parent) {
  const isConditionalSugar = typeof exports === "string" || Array.isArray(exports) ||
    (exports !== null && typeof exports === "object" && !Object.keys(exports).some((k) => k.startsWith(".")));
  let r = null;
  if (subpath === ".") {
    const main = isConditionalSugar ? exports : exports["."];
    if (main !== undefined) r = targetResolve(pkgDir, main, "", false, false, conditions, ".", parent);
  } else if (!isConditionalSugar) {
    r = importsExportsResolve(subpath, exports, pkgDir, false, conditions, parent);
  }
  if (r === null || r === undefined) throw notExported(pkgDir, subpath, parent);
  return r;
}

/** importsResolve("#x", parentFile): the package "imports" target, as { path } or { bare, base }. */
function importsResolve(spec, parentFile, conditions) {
  const scope = packageScope(parentFile);
  if (spec === "#" || spec.startsWith("#/")) {
    throw codedError(TypeError, "ERR_INVALID_MODULE_SPECIFIER", `Invalid module "${spec}" is not a valid internal imports specifier name imported from ${parentFile}`);
  }
  if (scope && scope.pkg.imports && typeof scope.pkg.imports === "object") {
    const r = importsExportsResolve(spec, scope.pkg.imports, scope.dir, true, conditions, parentFile);
    if (r) return r;
  }
  throw codedError(TypeError, "ERR_PACKAGE_IMPORT_NOT_DEFINED",
    `Package import specifier "${spec}" is not defined${scope ? ` in package ${scope.dir}/package.json` : ""} imported from ${parentFile}`);
}

// ---- CommonJS ----

function tryExtensions(p, exts) {
  for (const ext of exts) {
    if (kind(p + ext) === 1) return p + ext;
  }
  return undefined;
}

function tryPackage(dir, exts) {
  const pkg = readPackage(dir);
  const main = pkg && typeof pkg.main === "string" && pkg.main !== "" ? pkg.main : undefined;
  if (main === undefined) return tryExtensions(`${dir}/index`, exts);
  const file = resolvePath(dir, main);
  const found = (kind(file) === 1 ? file : undefined) || tryExtensions(file, exts) || tryExtensions(`${file}/index`, exts) ||
    tryExtensions(`${dir}/index`, exts);
  if (found === undefined) {
    const err = new Error(`Cannot find module '${file}'. Please verify that the package.json has a valid "main" entry`);
    err.code = "MODULE_NOT_FOUND";
    err.path = `${dir}/package.json`;
    err.requestPath = dir;
    throw err;
  }
  return found;
}

/** loadAsFileOrDirectory: LOAD_AS_FILE then LOAD_AS_DIRECTORY. */
function loadPath(p, exts, trailingSlash) {
  if (!trailingSlash) {
    const k = kind(p);
    if (k === 1) return p;
    const f = tryExtensions(p, exts);
    if (f) return f;
    if (k !== 2) return undefined;
  } else if (kind(p) !== 2) {
    return undefined;
  }
  return tryPackage(p, exts);
}

function cjsTarget(r, exts) {
  if (r.bare !== undefined) return resolveCjs(r.bare, r.base, exts);
  return kind(r.path) === 1 ? r.path : undefined;
}

const cjsCache = new Map(); // request + "\0" + parent dir -> filename

/**
 * resolveCjs(request, parentFile, exts, paths): require.resolve. Returns the
 * built-in name or the absolute file; throws MODULE_NOT_FOUND.
 * `paths` replaces the lookup paths (require.resolve's option).
 */
export function resolveCjs(request, parentFile, exts, paths) {
  const name = builtinName(request);
  if (name !== undefined) return request.startsWith("node:") ? request : name;
  if (request.startsWith("node:")) {
    throw codedError(Error, "ERR_UNKNOWN_BUILTIN_MODULE", `No such built-in module: ${request}`);
  }
  const parentDir = parentFile ? dirname(parentFile) : globalThis.process.cwd();
  const key = paths ? undefined : `${request}\0${parentDir}`;
  if (key !== undefined) {
    // As Node's path cache: a request resolved once from a directory is
    // not looked up (or stat'ed) again.
    const hit = cjsCache.get(key);
    if (hit !== undefined) return hit;
  }
  const found = resolveCjsUncached(request, parentFile, parentDir, exts, paths);
  if (found === undefined) {
    const err = new Error(`Cannot find module '${request}'`);
    err.code = "MODULE_NOT_FOUND";
    throw err;
  }
  if (key !== undefined) cjsCache.set(key, found);
  return found;
}

function resolveCjsUncached(request, parentFile, parentDir, exts, paths) {
  const relative = request === "." || request === ".." || request.startsWith("./") || request.startsWith("../");
  if (relative || request.startsWith("/")) {
    const trailing = request.endsWith("/") || request === "." || request === "..";
    if (paths && relative) {
      for (const base of paths) {
        const f = loadPath(resolvePath(resolvePath(parentDir, base), request), exts, trailing);
        if (f) return f;
      }
      return undefined;
    }
    return loadPath(resolvePath(parentDir, request), exts, trailing);
  }
  if (request.startsWith("#")) {
    return cjsTarget(importsResolve(request, parentFile || `${parentDir}/[eval]`, CJS_CONDITIONS), exts);
  }
  const split = splitPackage(request);
  if (split && parentFile) {
    const scope = packageScope(parentFile);
    if (scope && scope.pkg.name === split[0] && scope.pkg.exports !== undefined && scope.pkg.exports !== null) {
      return cjsTarget(exportsResolve(scope.dir, split[1], scope.pkg.exports, CJS_CONDITIONS), exts);
    }
  }
  const dirs = paths ? paths.flatMap((p) => nodeModulePaths(resolvePath(parentDir, p))) : nodeModulePaths(parentDir);
  const home = globalThis.process.env.HOME;
  if (!paths && home) dirs.push(`${home}/.node_modules`, `${home}/.node_libraries`);
  const trailing = request.endsWith("/");
  for (const dir of dirs) {
    if (split) {
      const pkgDir = `${dir}/${split[0]}`;
      const pkg = kind(pkgDir) === 2 ? readPackage(pkgDir) : null;
      if (pkg && pkg.exports !== undefined && pkg.exports !== null) {
        return cjsTarget(exportsResolve(pkgDir, split[1], pkg.exports, CJS_CONDITIONS), exts);
      }
    }
    const f = loadPath(`${dir}/${request}`, exts, trailing);
    if (f) return f;
  }
  return undefined;
}

// ---- ES modules ----

function moduleNotFound(what, parent) {
  return codedError(Error, "ERR_MODULE_NOT_FOUND", `Cannot find ${what}${parent ? ` imported from ${parent}` : ""}`);
}

function legacyMain(pkgDir, pkg, parent) {
  const main = pkg && typeof pkg.main === "string" ? pkg.main : undefined;
  if (main) {
    const base = resolvePath(pkgDir, main);
    for (const suffix of ["", ".js", ".json", ".node", "/index.js", "/index.json", "/index.node"]) {
      if (kind(base + suffix) === 1) return base + suffix;
    }
  }
  for (const f of ["/index.js", "/index.json", "/index.node"]) {
    if (kind(pkgDir + f) === 1) return pkgDir + f;
  }
  throw moduleNotFound(`package '${pkgDir}'`, parent);
}

function packageResolve(spec, parentFile, conditions) {
  const split = splitPackage(spec);
  if (!split) {
    throw codedError(TypeError, "ERR_INVALID_MODULE_SPECIFIER", `Invalid module "${spec}" is not a valid package name imported from ${parentFile}`);
  }
  const [name, subpath] = split;
  const scope = packageScope(parentFile);
  if (scope && scope.pkg.name === name && scope.pkg.exports !== undefined && scope.pkg.exports !== null) {
    return targetToPath(exportsResolve(scope.dir, subpath, scope.pkg.exports, conditions, parentFile), parentFile, conditions);
  }
  for (const dir of nodeModulePaths(dirname(parentFile))) {
    const pkgDir = `${dir}/${name}`;
    if (kind(pkgDir) !== 2) continue;
    const pkg = readPackage(pkgDir);
    if (pkg && pkg.exports !== undefined && pkg.exports !== null) {
      return targetToPath(exportsResolve(pkgDir, subpath, pkg.exports, conditions, parentFile), parentFile, conditions);
    }
    if (subpath === ".") return legacyMain(pkgDir, pkg, parentFile);
    return pkgDir + subpath.slice(1);
  }
  throw moduleNotFound(`package '${name}'`, parentFile);
}

function targetToPath(r, parentFile, conditions) {
  if (r.bare !== undefined) return packageResolve(r.bare, r.base, conditions);
  return r.path;
}

/**
 * resolveEsm(spec, parentFile): { builtin } or { path, format } with format
 * "module", "commonjs" or "json", as Node's ESM resolver and format rules.
 */
export function resolveEsm(spec, parentFile) {
  if (spec.startsWith("node:") || builtinName(spec) !== undefined) {
    const name = builtinName(spec);
    if (name === undefined) throw codedError(Error, "ERR_UNKNOWN_BUILTIN_MODULE", `No such built-in module: ${spec}`);
    return { builtin: name };
  }
  let path;
  if (spec.startsWith("file:")) {
    path = urlToPath(spec);
  } else if (spec.startsWith("/") || spec.startsWith("./") || spec.startsWith("../") || spec === "." || spec === "..") {
    path = resolvePath(dirname(parentFile), spec.includes("%") ? decodeURIComponent(spec) : spec);
    if (spec.endsWith("/")) path += "/";
  } else if (spec.startsWith("#")) {
    path = targetToPath(importsResolve(spec, parentFile, ESM_CONDITIONS), parentFile, ESM_CONDITIONS);
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(spec)) {
    throw codedError(Error, "ERR_UNSUPPORTED_ESM_URL_SCHEME", `Only URLs with a scheme in: file and node are supported by the default ESM loader. Received protocol '${spec.slice(0, spec.indexOf(":") + 1)}'`);
  } else {
    path = packageResolve(spec, parentFile, ESM_CONDITIONS);
  }
  const k = kind(path);
  if (k === 2 || path.endsWith("/")) {
    throw codedError(Error, "ERR_UNSUPPORTED_DIR_IMPORT", `Directory import '${path}' is not supported resolving ES modules imported from ${parentFile}`);
  }
  if (k === 0) throw moduleNotFound(`module '${path}'`, parentFile);
  return { path, format: formatOf(path) };
}

// ---- module syntax detection (Node 20.19+) ----
// A .js file whose package.json has no "type" (or that has no package.json)
// is an ES module when it has ES module syntax: import or export
// statements, or import.meta (es-module-lexer finds them, skipping strings,
// comments and regular expressions).

const syntax = new Map(); // path -> boolean
let lexer;

/** hasModuleSyntax(path): whether the file has import/export statements or import.meta. */
export function hasModuleSyntax(path) {
  let yes = syntax.get(path);
  if (yes !== undefined) return yes;
  yes = false;
  const text = readText(path);
  if (text !== null && /\b(?:import|export)\b/.test(text)) {
    try {
      if (!lexer) lexer = require("es-module-lexer/minimal/js");
      const source = text.startsWith("#!") ? `//${text.slice(2)}` : text;
      const [imports, exports] = lexer.parse(source, path);
      yes = exports.length > 0 || imports.some((i) => i.d === -1 || i.d === -2);
    } catch {
      yes = false; // the lexer cannot read it: CommonJS reports what is wrong
    }
  }
  syntax.set(path, yes);
  return yes;
}

const warnedTypeless = new Set();
function warnTypeless(path, scope) {
  if (!scope || path.includes("/node_modules/")) return;
  const pjson = `${scope.dir === "/" ? "" : scope.dir}/package.json`;
  if (warnedTypeless.has(pjson)) return;
  warnedTypeless.add(pjson);
  globalThis.process.emitWarning(`Module type of ${fileURL(path)} is not specified and it doesn't parse as CommonJS.\n` +
    "Reparsing as ES module because module syntax was detected. This incurs a performance overhead.\n" +
    `To eliminate this warning, add "type": "module" to ${pjson}.`, { code: "MODULE_TYPELESS_PACKAGE_JSON" });
}

/** formatOf(path): "module", "commonjs", "json" or "node" (an addon), by extension and package type. */
export function formatOf(path) {
  const base = basename(path);
  const dot = base.lastIndexOf(".");
  const ext = dot > 0 ? base.slice(dot) : "";
  if (ext === ".mjs") return "module";
  if (ext === ".cjs") return "commonjs";
  if (ext === ".json") return "json";
  if (ext === ".node") return "node";
  const scope = packageScope(path);
  const type = scope && scope.pkg.type;
  if (ext === ".js" || ext === "") {
    if (type === "module") return "module";
    if (type === undefined && hasModuleSyntax(path)) {
      warnTypeless(path, scope);
      return "module";
    }
    return "commonjs";
  }
  if (type === "module") {
    throw codedError(TypeError, "ERR_UNKNOWN_FILE_EXTENSION", `Unknown file extension "${ext}" for ${path}`);
  }
  return "commonjs";
}
