// node-fetch's require("https") gets the layer's built-in (build.mjs resolves it here).
module.exports = require("../builtins.js").builtin("https");
