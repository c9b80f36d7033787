// node-fetch's require("url") gets the layer's built-in node:url (build.mjs resolves it here).
module.exports = require("../builtins.js").builtin("url");
