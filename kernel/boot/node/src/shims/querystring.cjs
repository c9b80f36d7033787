// The polyfills' require("qs") (url's) gets the layer's querystring (build.mjs resolves it here).
module.exports = require("../builtins.js").builtin("querystring");
