// node-fetch's require("zlib") gets the layer's built-in (build.mjs resolves it here).
module.exports = require("../builtins.js").builtin("zlib");
