// The CommonJS loader: Node's Module, require, require.resolve, require.cache,
// Module._extensions (.js, .json, .node), circular requires, require(esm).
// A module is compiled as Node compiles it, inside
//   (function (exports, require, module, __filename, __dirname) { ... })
// written to the loader's directory and loaded with std.loadScript, so that
// qjs names the file in stack traces (stack.js maps it back).
import { std, readText } from "../sys.js";
import { codedError, notAvailable } from "../errors.js";
import { mapFile, WRAPPER_NAME } from "../stack.js";
import { builtin, builtinName, builtinModules } from "../../builtins.js";
import { resolveCjs, nodeModulePaths, dirname, basename, packageScope, fileURL, urlToPath, hasModuleSyntax, withStatCache } from "./resolve.js";
import * as mirror from "./mirror.js";
import { requireEsm, rewriteDynamicImports } from "./esm.js";

const HEADER = `(function ${WRAPPER_NAME}(exports, require, module, __filename, __dirname) {`;
const FOOTER = "\n})";
const DYNAMIC_IMPORT = /\bimport\s*\(/;

export function stripBOM(s) {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** stripShebang keeps lines and columns: "#!..." becomes "//...". */
export function stripShebang(s) {
  return s.startsWith("#!") ? `//${s.slice(2)}` : s;
}

export function Module(id = "", parent) {
  this.id = id;
  this.path = dirname(id || "/.");
  this.exports = {};
  this.filename = null;
  this.loaded = false;
  this.children = [];
  this.paths = [];
  Object.defineProperty(this, "parent", { value: parent, writable: true, configurable: true, enumerable: false });
  if (parent && parent.children) parent.children.push(this);
}

Module._cache = Object.create(null);
Module._pathCache = Object.create(null);
Module._extensions = Object.create(null);
Module.globalPaths = [];
// A getter: this file and builtins.js import each other.
Object.defineProperty(Module, "builtinModules", { enumerable: true, configurable: true, get: () => builtinModules });
Module.isBuiltin = (name) => typeof name === "string" && builtinName(name) !== undefined;
Module._nodeModulePaths = nodeModulePaths;
Module.wrapper = [HEADER.replace(WRAPPER_NAME, ""), FOOTER];
Module.wrap = (script) => Module.wrapper[0] + script + Module.wrapper[1];
Module.Module = Module;
Module._initPaths = () => {};
Module.syncBuiltinESMExports = () => {
  throw notAvailable("module.syncBuiltinESMExports()", "built-in ES module exports are a snapshot");
};
Module.findSourceMap = () => undefined;
Module.register = () => {
  throw notAvailable("module.register()", "there are no loader hooks");
};
Module.enableCompileCache = () => ({ status: 3, message: "the compile cache is not available in the wasmrun VM" });
Module.getCompileCacheDir = () => undefined;

let mainModule;

// The C stack of the QuickJS WASI build is small (see README.md): every
// frame a nested require() costs counts, so _load runs load(), the .js
// handler and _compile inline while a program has not replaced them.
Module._load = function _load(request, parent, isMain) {
  const name = builtinName(request);
  if (name !== undefined) return builtin(name);
  const filename = Module._resolveFilename(request, parent, isMain);
  const cached = Module._cache[filename];
  if (cached !== undefined) {
    if (parent && parent.children && !parent.children.includes(cached)) parent.children.push(cached);
    return cached.exports;
  }
  const module = new Module(filename, parent);
  if (isMain) {
    module.id = ".";
    mainModule = module;
    globalThis.process.mainModule = module;
  }
  Module._cache[filename] = module;
  let ok = false;
  try {
    if (Module.prototype.load === load) {
      module.filename = filename;
      module.paths = nodeModulePaths(dirname(filename));
      const ext = findExtension(filename);
      const handler = Module._extensions[ext];
      if (handler === loadJs && Module.prototype._compile === compile && !isEsmFile(filename)) {
        const fn = compileOrDetect(readOrThrow(filename), filename);
        if (fn === null) module.exports = requireEsm(filename);
        else fn.call(module.exports, module.exports, makeRequire(module), module, filename, dirname(filename));
      } else {
        handler(module, filename);
      }
      module.loaded = true;
    } else {
      module.load(filename);
    }
    ok = true;
  } finally {
    if (!ok) {
      delete Module._cache[filename];
      if (parent && parent.children) {
        const i = parent.children.indexOf(module);
        if (i >= 0) parent.children.splice(i, 1);
      }
    }
  }
  return module.exports;
};

Module._resolveFilename = function (request, parent, isMain, options) {
  if (typeof request !== "string") {
    throw codedError(TypeError, "ERR_INVALID_ARG_TYPE", `The "id" argument must be of type string. Received ${request === null ? "null" : typeof request}`);
  }
  const parentFile = parent && parent.filename ? parent.filename : undefined;
  try {
    return resolveCjs(request, parentFile, Object.keys(Module._extensions), options && options.paths);
  } catch (err) {
    if (err.code === "MODULE_NOT_FOUND" && err.message === `Cannot find module '${request}'`) {
      const stack = [];
      for (let m = parent; m; m = m.parent) if (m.filename || m.id) stack.push(m.filename || m.id);
      if (stack.length) err.message += `\nRequire stack:\n- ${stack.join("\n- ")}`;
      err.requireStack = stack;
    }
    throw err;
  }
};

Module.createRequire = function (filename) {
  let path = filename;
  if (typeof filename === "object" && filename !== null && typeof filename.href === "string") path = urlToPath(filename.href);
  else if (typeof filename === "string" && filename.startsWith("file:")) path = urlToPath(filename);
  if (typeof path !== "string" || !path.startsWith("/")) {
    throw codedError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument 'filename' must be a file URL object, file URL string, or absolute path string. Received ${JSON.stringify(filename)}`);
  }
  const m = new Module(path, null);
  m.filename = path;
  m.paths = nodeModulePaths(path.endsWith("/") ? path.slice(0, -1) : dirname(path));
  return makeRequire(m);
};

Module.runMain = function (main = globalThis.process.argv[1]) {
  return Module._load(main, null, true);
};

function findExtension(filename) {
  const name = basename(filename);
  let i = name.indexOf(".", 1);
  while (i !== -1) {
    const ext = name.slice(i);
    if (Module._extensions[ext]) return ext;
    i = name.indexOf(".", i + 1);
  }
  return ".js";
}

function load(filename) {
  this.filename = filename;
  this.paths = nodeModulePaths(dirname(filename));
  Module._extensions[findExtension(filename)](this, filename);
  this.loaded = true;
}
Module.prototype.load = load;

Module.prototype.require = function require(id) {
  validateId(id);
  return Module._load(id, this, false);
};

function validateId(id) {
  if (typeof id !== "string") {
    throw codedError(TypeError, "ERR_INVALID_ARG_TYPE", `The "id" argument must be of type string. Received ${id === null ? "null" : typeof id}`);
  }
  if (id === "") throw codedError(TypeError, "ERR_INVALID_ARG_VALUE", "The argument 'id' must be a non-empty string. Received ''");
}

/** wrapperOf compiles a module's source into its wrapper function. */
function wrapperOf(content, filename) {
  let source = stripShebang(stripBOM(content));
  if (DYNAMIC_IMPORT.test(source)) source = rewriteDynamicImports(source, "__filename");
  const copy = mirror.reserve(basename(filename));
  mirror.write(copy, HEADER + source + FOOTER);
  mapFile(copy, filename, HEADER.length, "Object.<anonymous>");
  return std.loadScript(copy);
}

/**
 * compileOrDetect: the module's wrapper, or null when it does not parse as
 * CommonJS because it is an ES module with no "type" to say so (Node
 * 20.19+ then loads it as one).
 */
function compileOrDetect(content, filename) {
  try {
    return wrapperOf(content, filename);
  } catch (err) {
    if (err instanceof SyntaxError && /\.js$/.test(filename) && typelessScope(filename) && hasModuleSyntax(filename)) return null;
    throw err;
  }
}

function typelessScope(filename) {
  const scope = packageScope(filename);
  return !scope || scope.pkg.type === undefined;
}

function compile(content, filename) {
  const fn = compileOrDetect(content, filename);
  if (fn === null) {
    this.exports = requireEsm(filename);
    return undefined;
  }
  return fn.call(this.exports, this.exports, makeRequire(this), this, filename, dirname(filename));
}
Module.prototype._compile = compile;

function isEsmFile(filename) {
  return filename.endsWith(".mjs") || (filename.endsWith(".js") && isModuleScope(filename));
}

function loadJs(module, filename) {
  if (isEsmFile(filename)) {
    module.exports = requireEsm(filename);
    return;
  }
  module._compile(readOrThrow(filename), filename);
}
Module._extensions[".js"] = loadJs;

Module._extensions[".json"] = function (module, filename) {
  const content = readOrThrow(filename);
  try {
    module.exports = JSON.parse(stripBOM(content));
  } catch (err) {
    err.message = `${filename}: ${err.message}`;
    throw err;
  }
};

Module._extensions[".node"] = function (module, filename) {
  throw notAvailable(`The native addon ${filename}`, "native addons are not available in the wasmrun VM: only JavaScript runs");
};

function isModuleScope(filename) {
  const scope = packageScope(filename);
  return Boolean(scope && scope.pkg.type === "module");
}

function readOrThrow(filename) {
  const text = readText(filename);
  if (text === null) {
    const err = new Error(`ENOENT: no such file or directory, open '${filename}'`);
    err.code = "ENOENT";
    err.errno = -2;
    err.syscall = "open";
    err.path = filename;
    throw err;
  }
  return text;
}

/** makeRequire(module) is the `require` a module's code receives. */
export function makeRequire(module) {
  function require(id) {
    validateId(id);
    return Module._load(id, module, false);
  }
  require.resolve = function resolve(request, options) {
    return Module._resolveFilename(request, module, false, options);
  };
  require.resolve.paths = function paths(request) {
    if (builtinName(request) !== undefined) return null;
    if (request.startsWith("./") || request.startsWith("../") || request === "." || request === "..") {
      return [module.filename ? dirname(module.filename) : globalThis.process.cwd()];
    }
    return module.paths.length ? module.paths.slice() : nodeModulePaths(globalThis.process.cwd());
  };
  Object.defineProperty(require, "main", { enumerable: true, configurable: true, get: () => mainModule });
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

/** requireFile(path): require() of an absolute path with no parent (ES modules importing CommonJS). */
export function requireFile(path) {
  return Module._load(path, null, false);
}

/** runMain(entry): load the entry as the main module (CommonJS). */
export function runMain(entry) {
  return withStatCache(() => Module._load(entry, null, true));
}

export { fileURL };
